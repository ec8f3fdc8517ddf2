"""Admin import (upload, preview, confirm) and export of the interchange files."""

import re
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.models import Season
from leagues.services.audit import record_action
from privacy.retention import UPLOADS_FOLDER

UPLOAD_NAME = re.compile(rf"{UPLOADS_FOLDER}/[0-9a-f]{{32}}\.csv")


class UploadForm(forms.Form):
    file = forms.FileField(help_text="UTF-8 CSV with the header row of domain.md.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            csvfiles.check_size(upload.size)
        except csvfiles.HeaderError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


if TYPE_CHECKING:  # the mixin is only ever mixed into a ModelAdmin
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object


class CsvFilesAdminMixin(_ModelAdmin):
    """Adds 'Import CSV' (preview, then confirm) and 'Export CSV' to a model's changelist.

    The preview runs the import as a dry run; confirming posts the same text
    back, and it is checked again before anything is written.
    """

    change_list_template = "admin/csv_change_list.html"
    csv_name: str
    csv_header: list[str]
    csv_import: Callable[..., csvfiles.ImportReport]
    # None for an import-only file (ratings.csv).
    csv_export: Callable[..., Iterator[tuple]] | None

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_csv_view),
                name="{}_{}_import_csv".format(*info),
            )
        ]
        if self.csv_export is not None:
            urls.append(
                path(
                    "export-csv/",
                    self.admin_site.admin_view(self.export_csv_view),
                    name="{}_{}_export_csv".format(*info),
                )
            )
        return [*urls, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "csv_exportable": self.csv_export is not None}
        return super().changelist_view(request, extra_context)

    def import_csv_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "csv_name": self.csv_name,
        }
        if request.method == "POST" and "upload" in request.POST:
            return self._confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text = csvfiles.decode(form.cleaned_data["file"].read())
            except csvfiles.HeaderError as error:
                form.add_error("file", str(error))
            else:
                report = type(self).csv_import(text, dry_run=True)
                # Only a file that can be confirmed is kept (until confirmed, or abandoned:
                # privacy.retention deletes it after RETAIN_UPLOADS_HOURS).
                upload = (
                    default_storage.save(
                        f"{UPLOADS_FOLDER}/{uuid.uuid4().hex}.csv", ContentFile(text.encode())
                    )
                    if report.ok
                    else None
                )
                context.update(report=report, upload=upload)
        context["form"] = form
        return TemplateResponse(request, "admin/csv_import.html", context)

    def _confirm(self, request):
        upload = request.POST["upload"]
        if not UPLOAD_NAME.fullmatch(upload) or not default_storage.exists(upload):
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect(request.path)
        with default_storage.open(upload) as handle:
            text = handle.read().decode()
        try:
            report = type(self).csv_import(text, dry_run=False)
        except RuleViolation as error:
            default_storage.delete(upload)
            messages.error(request, error.message)
            return redirect(request.path)
        except DatabaseError as error:
            # The file is kept: the same preview can be confirmed again.
            messages.error(request, f"The database refused the import, nothing written: {error}")
            return redirect(request.path)
        default_storage.delete(upload)  # confirmed or rejected, the file has served
        if not report.ok:
            for line in report.errors:
                messages.error(request, line)
            messages.error(request, report.summary())
            return redirect(request.path)
        record_action(user=request.user, action=f"import {self.csv_name}", detail=report.summary())
        messages.success(request, f"{self.csv_name} imported: {report.summary()}")
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def export_csv_view(self, request):
        export = type(self).csv_export
        assert export is not None  # get_urls routes this view only when there is one
        if not self.has_view_permission(request):
            raise PermissionDenied
        season = Season.objects.filter(pk=request.GET.get("season")).first()
        if season is None:
            seasons = Season.objects.all()
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "seasons": seasons,
                "csv_name": self.csv_name,
            }
            return TemplateResponse(request, "admin/csv_export.html", context)
        response = StreamingHttpResponse(
            csvfiles.csv_lines(self.csv_header, export(season=season)),
            content_type="text/csv; charset=utf-8",
        )
        filename = self.csv_name.replace(".csv", f"-{season.label}.csv")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
