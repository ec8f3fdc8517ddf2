"""A mypy plugin: calling a factory_boy factory gives its model, as at run time.

``SeasonFactory()`` goes through factory_boy's metaclass, which mypy cannot
follow, so without this every factory call would be typed as the factory
class itself. A factory declared as ``DjangoModelFactory[Season]`` is typed
as returning a ``Season`` (``.create()`` and ``.build()`` already are).
"""

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


class FactoryBoyPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        node = symbol.node if symbol is not None else None
        if isinstance(node, TypeInfo) and node.has_base(BASE_FACTORY) and fullname != BASE_FACTORY:
            return _model_of_factory
        return None


def _model_of_factory(ctx: FunctionContext) -> Type:
    factory = get_proper_type(ctx.default_return_type)
    if not isinstance(factory, Instance):
        return ctx.default_return_type
    base = next(info for info in factory.type.mro if info.fullname == BASE_FACTORY)
    model = map_instance_to_supertype(factory, base).args
    if not model:
        return ctx.default_return_type
    return model[0]


def plugin(version: str) -> type[Plugin]:
    return FactoryBoyPlugin
