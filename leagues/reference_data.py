"""Reference data of the league's geography: countries and their areas.

Migration ``0002_reference_data`` loads it into an empty database; from then
on it is ordinary data that staff edit in the admin (a region, an age of
majority, a new area). Editing this module changes new databases only.

Countries
    Every ISO 3166-1 alpha-2 code, so that any driver finds their country.
    Regions follow the game's convention: ``NA`` is the United States and
    Canada (with Greenland, Bermuda and Saint Pierre and Miquelon); Mexico,
    Central America, the Caribbean (Puerto Rico included) and South America
    are ``CSA``; Europe, the Middle East, Africa, Russia, the Caucasus and
    Central Asia (Kazakhstan, Uzbekistan ...) are ``EMEA``, as are the
    African islands of the Indian Ocean; East, South and South-East Asia
    (Afghanistan and Pakistan included) are ``ASIA``; Australia, New
    Zealand, the Pacific islands and Antarctica are ``OCE``.

Ages of majority
    18 unless the civil law of the country says otherwise: 19 in South Korea
    and Algeria; 20 in Thailand and New Zealand; 21 in Singapore, Bahrain,
    Kuwait, the United Arab Emirates, Egypt, Cameroon, Eswatini and Puerto
    Rico. Japan (2022) and Taiwan (2023) lowered theirs to 18. Where a
    federation's states differ (Canada, the United States) the country
    carries 18.

Areas
    ``AREAS`` details the main areas (states, provinces, regions; ISO 3166-2
    codes where there is one) and secondary areas (cities, counties,
    districts) of the larger sim-racing countries. Each main area's list ends
    with a generated "Elsewhere in ..." secondary area unless the list covers
    the whole main area (marked ``=`` in the tables below). Every other
    country gets one generated main and secondary area, "<country> (all)":
    ``areas_for`` is the one place that decides, for the migration and the
    tests alike.
"""

REGIONS = ("NA", "CSA", "EMEA", "ASIA", "OCE")

MAIN_CODE_MAX_LENGTH = 16
SECONDARY_CODE_MAX_LENGTH = 24

SecondaryAreaRow = tuple[str, str]
MainAreaRow = tuple[str, str, tuple[SecondaryAreaRow, ...]]

COUNTRIES: tuple[tuple[str, str, str, int], ...] = (
    ("AD", "Andorra", "EMEA", 18),
    ("AE", "United Arab Emirates", "EMEA", 21),
    ("AF", "Afghanistan", "ASIA", 18),
    ("AG", "Antigua and Barbuda", "CSA", 18),
    ("AI", "Anguilla", "CSA", 18),
    ("AL", "Albania", "EMEA", 18),
    ("AM", "Armenia", "EMEA", 18),
    ("AO", "Angola", "EMEA", 18),
    ("AQ", "Antarctica", "OCE", 18),
    ("AR", "Argentina", "CSA", 18),
    ("AS", "American Samoa", "OCE", 18),
    ("AT", "Austria", "EMEA", 18),
    ("AU", "Australia", "OCE", 18),
    ("AW", "Aruba", "CSA", 18),
    ("AX", "Åland Islands", "EMEA", 18),
    ("AZ", "Azerbaijan", "EMEA", 18),
    ("BA", "Bosnia and Herzegovina", "EMEA", 18),
    ("BB", "Barbados", "CSA", 18),
    ("BD", "Bangladesh", "ASIA", 18),
    ("BE", "Belgium", "EMEA", 18),
    ("BF", "Burkina Faso", "EMEA", 18),
    ("BG", "Bulgaria", "EMEA", 18),
    ("BH", "Bahrain", "EMEA", 21),
    ("BI", "Burundi", "EMEA", 18),
    ("BJ", "Benin", "EMEA", 18),
    ("BL", "Saint Barthélemy", "CSA", 18),
    ("BM", "Bermuda", "NA", 18),
    ("BN", "Brunei", "ASIA", 18),
    ("BO", "Bolivia", "CSA", 18),
    ("BQ", "Bonaire, Sint Eustatius and Saba", "CSA", 18),
    ("BR", "Brazil", "CSA", 18),
    ("BS", "Bahamas", "CSA", 18),
    ("BT", "Bhutan", "ASIA", 18),
    ("BV", "Bouvet Island", "EMEA", 18),
    ("BW", "Botswana", "EMEA", 18),
    ("BY", "Belarus", "EMEA", 18),
    ("BZ", "Belize", "CSA", 18),
    ("CA", "Canada", "NA", 18),
    ("CC", "Cocos (Keeling) Islands", "OCE", 18),
    ("CD", "Democratic Republic of the Congo", "EMEA", 18),
    ("CF", "Central African Republic", "EMEA", 18),
    ("CG", "Republic of the Congo", "EMEA", 18),
    ("CH", "Switzerland", "EMEA", 18),
    ("CI", "Côte d'Ivoire", "EMEA", 18),
    ("CK", "Cook Islands", "OCE", 18),
    ("CL", "Chile", "CSA", 18),
    ("CM", "Cameroon", "EMEA", 21),
    ("CN", "China", "ASIA", 18),
    ("CO", "Colombia", "CSA", 18),
    ("CR", "Costa Rica", "CSA", 18),
    ("CU", "Cuba", "CSA", 18),
    ("CV", "Cabo Verde", "EMEA", 18),
    ("CW", "Curaçao", "CSA", 18),
    ("CX", "Christmas Island", "OCE", 18),
    ("CY", "Cyprus", "EMEA", 18),
    ("CZ", "Czechia", "EMEA", 18),
    ("DE", "Germany", "EMEA", 18),
    ("DJ", "Djibouti", "EMEA", 18),
    ("DK", "Denmark", "EMEA", 18),
    ("DM", "Dominica", "CSA", 18),
    ("DO", "Dominican Republic", "CSA", 18),
    ("DZ", "Algeria", "EMEA", 19),
    ("EC", "Ecuador", "CSA", 18),
    ("EE", "Estonia", "EMEA", 18),
    ("EG", "Egypt", "EMEA", 21),
    ("EH", "Western Sahara", "EMEA", 18),
    ("ER", "Eritrea", "EMEA", 18),
    ("ES", "Spain", "EMEA", 18),
    ("ET", "Ethiopia", "EMEA", 18),
    ("FI", "Finland", "EMEA", 18),
    ("FJ", "Fiji", "OCE", 18),
    ("FK", "Falkland Islands", "CSA", 18),
    ("FM", "Micronesia", "OCE", 18),
    ("FO", "Faroe Islands", "EMEA", 18),
    ("FR", "France", "EMEA", 18),
    ("GA", "Gabon", "EMEA", 18),
    ("GB", "United Kingdom", "EMEA", 18),
    ("GD", "Grenada", "CSA", 18),
    ("GE", "Georgia", "EMEA", 18),
    ("GF", "French Guiana", "CSA", 18),
    ("GG", "Guernsey", "EMEA", 18),
    ("GH", "Ghana", "EMEA", 18),
    ("GI", "Gibraltar", "EMEA", 18),
    ("GL", "Greenland", "NA", 18),
    ("GM", "Gambia", "EMEA", 18),
    ("GN", "Guinea", "EMEA", 18),
    ("GP", "Guadeloupe", "CSA", 18),
    ("GQ", "Equatorial Guinea", "EMEA", 18),
    ("GR", "Greece", "EMEA", 18),
    ("GS", "South Georgia and the South Sandwich Islands", "CSA", 18),
    ("GT", "Guatemala", "CSA", 18),
    ("GU", "Guam", "OCE", 18),
    ("GW", "Guinea-Bissau", "EMEA", 18),
    ("GY", "Guyana", "CSA", 18),
    ("HK", "Hong Kong", "ASIA", 18),
    ("HM", "Heard Island and McDonald Islands", "OCE", 18),
    ("HN", "Honduras", "CSA", 18),
    ("HR", "Croatia", "EMEA", 18),
    ("HT", "Haiti", "CSA", 18),
    ("HU", "Hungary", "EMEA", 18),
    ("ID", "Indonesia", "ASIA", 18),
    ("IE", "Ireland", "EMEA", 18),
    ("IL", "Israel", "EMEA", 18),
    ("IM", "Isle of Man", "EMEA", 18),
    ("IN", "India", "ASIA", 18),
    ("IO", "British Indian Ocean Territory", "ASIA", 18),
    ("IQ", "Iraq", "EMEA", 18),
    ("IR", "Iran", "EMEA", 18),
    ("IS", "Iceland", "EMEA", 18),
    ("IT", "Italy", "EMEA", 18),
    ("JE", "Jersey", "EMEA", 18),
    ("JM", "Jamaica", "CSA", 18),
    ("JO", "Jordan", "EMEA", 18),
    ("JP", "Japan", "ASIA", 18),
    ("KE", "Kenya", "EMEA", 18),
    ("KG", "Kyrgyzstan", "EMEA", 18),
    ("KH", "Cambodia", "ASIA", 18),
    ("KI", "Kiribati", "OCE", 18),
    ("KM", "Comoros", "EMEA", 18),
    ("KN", "Saint Kitts and Nevis", "CSA", 18),
    ("KP", "North Korea", "ASIA", 18),
    ("KR", "South Korea", "ASIA", 19),
    ("KW", "Kuwait", "EMEA", 21),
    ("KY", "Cayman Islands", "CSA", 18),
    ("KZ", "Kazakhstan", "EMEA", 18),
    ("LA", "Laos", "ASIA", 18),
    ("LB", "Lebanon", "EMEA", 18),
    ("LC", "Saint Lucia", "CSA", 18),
    ("LI", "Liechtenstein", "EMEA", 18),
    ("LK", "Sri Lanka", "ASIA", 18),
    ("LR", "Liberia", "EMEA", 18),
    ("LS", "Lesotho", "EMEA", 18),
    ("LT", "Lithuania", "EMEA", 18),
    ("LU", "Luxembourg", "EMEA", 18),
    ("LV", "Latvia", "EMEA", 18),
    ("LY", "Libya", "EMEA", 18),
    ("MA", "Morocco", "EMEA", 18),
    ("MC", "Monaco", "EMEA", 18),
    ("MD", "Moldova", "EMEA", 18),
    ("ME", "Montenegro", "EMEA", 18),
    ("MF", "Saint Martin (French part)", "CSA", 18),
    ("MG", "Madagascar", "EMEA", 18),
    ("MH", "Marshall Islands", "OCE", 18),
    ("MK", "North Macedonia", "EMEA", 18),
    ("ML", "Mali", "EMEA", 18),
    ("MM", "Myanmar", "ASIA", 18),
    ("MN", "Mongolia", "ASIA", 18),
    ("MO", "Macao", "ASIA", 18),
    ("MP", "Northern Mariana Islands", "OCE", 18),
    ("MQ", "Martinique", "CSA", 18),
    ("MR", "Mauritania", "EMEA", 18),
    ("MS", "Montserrat", "CSA", 18),
    ("MT", "Malta", "EMEA", 18),
    ("MU", "Mauritius", "EMEA", 18),
    ("MV", "Maldives", "ASIA", 18),
    ("MW", "Malawi", "EMEA", 18),
    ("MX", "Mexico", "CSA", 18),
    ("MY", "Malaysia", "ASIA", 18),
    ("MZ", "Mozambique", "EMEA", 18),
    ("NA", "Namibia", "EMEA", 18),
    ("NC", "New Caledonia", "OCE", 18),
    ("NE", "Niger", "EMEA", 18),
    ("NF", "Norfolk Island", "OCE", 18),
    ("NG", "Nigeria", "EMEA", 18),
    ("NI", "Nicaragua", "CSA", 18),
    ("NL", "Netherlands", "EMEA", 18),
    ("NO", "Norway", "EMEA", 18),
    ("NP", "Nepal", "ASIA", 18),
    ("NR", "Nauru", "OCE", 18),
    ("NU", "Niue", "OCE", 18),
    ("NZ", "New Zealand", "OCE", 20),
    ("OM", "Oman", "EMEA", 18),
    ("PA", "Panama", "CSA", 18),
    ("PE", "Peru", "CSA", 18),
    ("PF", "French Polynesia", "OCE", 18),
    ("PG", "Papua New Guinea", "OCE", 18),
    ("PH", "Philippines", "ASIA", 18),
    ("PK", "Pakistan", "ASIA", 18),
    ("PL", "Poland", "EMEA", 18),
    ("PM", "Saint Pierre and Miquelon", "NA", 18),
    ("PN", "Pitcairn Islands", "OCE", 18),
    ("PR", "Puerto Rico", "CSA", 21),
    ("PS", "Palestine", "EMEA", 18),
    ("PT", "Portugal", "EMEA", 18),
    ("PW", "Palau", "OCE", 18),
    ("PY", "Paraguay", "CSA", 18),
    ("QA", "Qatar", "EMEA", 18),
    ("RE", "Réunion", "EMEA", 18),
    ("RO", "Romania", "EMEA", 18),
    ("RS", "Serbia", "EMEA", 18),
    ("RU", "Russia", "EMEA", 18),
    ("RW", "Rwanda", "EMEA", 18),
    ("SA", "Saudi Arabia", "EMEA", 18),
    ("SB", "Solomon Islands", "OCE", 18),
    ("SC", "Seychelles", "EMEA", 18),
    ("SD", "Sudan", "EMEA", 18),
    ("SE", "Sweden", "EMEA", 18),
    ("SG", "Singapore", "ASIA", 21),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha", "EMEA", 18),
    ("SI", "Slovenia", "EMEA", 18),
    ("SJ", "Svalbard and Jan Mayen", "EMEA", 18),
    ("SK", "Slovakia", "EMEA", 18),
    ("SL", "Sierra Leone", "EMEA", 18),
    ("SM", "San Marino", "EMEA", 18),
    ("SN", "Senegal", "EMEA", 18),
    ("SO", "Somalia", "EMEA", 18),
    ("SR", "Suriname", "CSA", 18),
    ("SS", "South Sudan", "EMEA", 18),
    ("ST", "São Tomé and Príncipe", "EMEA", 18),
    ("SV", "El Salvador", "CSA", 18),
    ("SX", "Sint Maarten", "CSA", 18),
    ("SY", "Syria", "EMEA", 18),
    ("SZ", "Eswatini", "EMEA", 21),
    ("TC", "Turks and Caicos Islands", "CSA", 18),
    ("TD", "Chad", "EMEA", 18),
    ("TF", "French Southern Territories", "EMEA", 18),
    ("TG", "Togo", "EMEA", 18),
    ("TH", "Thailand", "ASIA", 20),
    ("TJ", "Tajikistan", "EMEA", 18),
    ("TK", "Tokelau", "OCE", 18),
    ("TL", "Timor-Leste", "ASIA", 18),
    ("TM", "Turkmenistan", "EMEA", 18),
    ("TN", "Tunisia", "EMEA", 18),
    ("TO", "Tonga", "OCE", 18),
    ("TR", "Türkiye", "EMEA", 18),
    ("TT", "Trinidad and Tobago", "CSA", 18),
    ("TV", "Tuvalu", "OCE", 18),
    ("TW", "Taiwan", "ASIA", 18),
    ("TZ", "Tanzania", "EMEA", 18),
    ("UA", "Ukraine", "EMEA", 18),
    ("UG", "Uganda", "EMEA", 18),
    ("UM", "United States Minor Outlying Islands", "OCE", 18),
    ("US", "United States", "NA", 18),
    ("UY", "Uruguay", "CSA", 18),
    ("UZ", "Uzbekistan", "EMEA", 18),
    ("VA", "Vatican City", "EMEA", 18),
    ("VC", "Saint Vincent and the Grenadines", "CSA", 18),
    ("VE", "Venezuela", "CSA", 18),
    ("VG", "British Virgin Islands", "CSA", 18),
    ("VI", "United States Virgin Islands", "CSA", 18),
    ("VN", "Vietnam", "ASIA", 18),
    ("VU", "Vanuatu", "OCE", 18),
    ("WF", "Wallis and Futuna", "OCE", 18),
    ("WS", "Samoa", "OCE", 18),
    ("YE", "Yemen", "EMEA", 18),
    ("YT", "Mayotte", "EMEA", 18),
    ("ZA", "South Africa", "EMEA", 18),
    ("ZM", "Zambia", "EMEA", 18),
    ("ZW", "Zimbabwe", "EMEA", 18),
)
# One table per country, parsed by ``_parse``: a line per main area,
# "[=]CODE Name: CODE Name; CODE Name ...", long lines continued indented.
_AREA_TABLES: dict[str, str] = {
    "US": """
AL Alabama: BHM Birmingham; HSV Huntsville; MOB Mobile; MGM Montgomery
AK Alaska: ANC Anchorage; FAI Fairbanks; JNU Juneau
AZ Arizona: PHX Phoenix (Maricopa County); TUC Tucson (Pima County); FLG Flagstaff
AR Arkansas: LIT Little Rock; NWA Northwest Arkansas; FSM Fort Smith
CA California: LA Los Angeles County; OC Orange County; SD San Diego County;
    SFB San Francisco Bay Area; SAC Sacramento
CO Colorado: DEN Denver; COS Colorado Springs; FNL Fort Collins
CT Connecticut: HFD Hartford; NHV New Haven; FFD Fairfield County
=DE Delaware: NCC New Castle County; KNT Kent County; SSX Sussex County
=DC District of Columbia: NW Northwest; NE Northeast; SE Southeast; SW Southwest
FL Florida: MIA Miami-Dade County; FLL Broward County; ORL Orlando; TPA Tampa Bay; JAX Jacksonville
GA Georgia: ATL Atlanta; SAV Savannah; AGS Augusta; CSG Columbus
HI Hawaii: OAH Oahu (Honolulu); HAW Hawaii Island; MAU Maui County; KAU Kauai County
ID Idaho: BOI Boise; CDA Coeur d'Alene; IDA Idaho Falls
IL Illinois: CHI Chicago (Cook County); CLR Chicago collar counties; SPI Springfield; PIA Peoria
IN Indiana: IND Indianapolis; FWA Fort Wayne; NWI Northwest Indiana; EVV Evansville
IA Iowa: DSM Des Moines; CID Cedar Rapids; QC Quad Cities
KS Kansas: ICT Wichita; JOC Johnson and Wyandotte Counties; TOP Topeka
KY Kentucky: SDF Louisville; LEX Lexington; NKY Northern Kentucky
LA Louisiana: MSY New Orleans; BTR Baton Rouge; SHV Shreveport; LFT Lafayette
ME Maine: PWM Portland; BGR Bangor; AUG Augusta
MD Maryland: BAL Baltimore; MOC Montgomery County; PGC Prince George's County; ANP Annapolis
MA Massachusetts: BOS Boston; ORH Worcester; SPR Springfield; CC Cape Cod and the Islands
MI Michigan: DET Detroit; GRR Grand Rapids; LAN Lansing; ARB Ann Arbor
MN Minnesota: MSP Minneapolis-Saint Paul; RST Rochester; DLH Duluth
MS Mississippi: JAN Jackson; GPT Gulf Coast; HBG Hattiesburg
MO Missouri: STL St. Louis; MKC Kansas City; SGF Springfield; COU Columbia
MT Montana: BIL Billings; MSO Missoula; BZN Bozeman
NE Nebraska: OMA Omaha; LNK Lincoln; GRI Grand Island
NV Nevada: LAS Las Vegas (Clark County); RNO Reno (Washoe County); CSN Carson City
NH New Hampshire: MHT Manchester; ASH Nashua; CON Concord
=NJ New Jersey: NNJ North Jersey; CNJ Central Jersey; SNJ South Jersey
NM New Mexico: ABQ Albuquerque; SAF Santa Fe; LRU Las Cruces
NY New York: NYC New York City; LI Long Island; HV Hudson Valley; ALB Albany; BUF Buffalo;
    ROC Rochester
NC North Carolina: CLT Charlotte; RDU Raleigh-Durham; GSO Greensboro; AVL Asheville
ND North Dakota: FAR Fargo; BIS Bismarck; GFK Grand Forks
OH Ohio: CLE Cleveland; CMH Columbus; CVG Cincinnati; TOL Toledo
OK Oklahoma: OKC Oklahoma City; TUL Tulsa; LAW Lawton
OR Oregon: PDX Portland; EUG Eugene; SLE Salem; BDN Bend
PA Pennsylvania: PHL Philadelphia; PIT Pittsburgh; LV Lehigh Valley; HAR Harrisburg
=RI Rhode Island: PRO Providence County; KNT Kent County; WSH Washington County;
    NPT Newport County; BRS Bristol County
SC South Carolina: CHS Charleston; CAE Columbia; GSP Greenville-Spartanburg; MYR Myrtle Beach
SD South Dakota: FSD Sioux Falls; RAP Rapid City; PIR Pierre
TN Tennessee: BNA Nashville; MEM Memphis; TYS Knoxville; CHA Chattanooga
TX Texas: HOU Houston; DFW Dallas-Fort Worth; AUS Austin; SAT San Antonio; ELP El Paso
UT Utah: SLC Salt Lake City; PVU Provo-Orem; OGD Ogden; SGU St. George
VT Vermont: BTV Burlington; MPV Montpelier; RUT Rutland
VA Virginia: NOVA Northern Virginia; RIC Richmond; HR Hampton Roads; ROA Roanoke
WA Washington: SEA Seattle (King County); TAC Tacoma (Pierce County); GEG Spokane;
    VAN Vancouver (Clark County)
WV West Virginia: CRW Charleston; HTS Huntington; MGW Morgantown
WI Wisconsin: MKE Milwaukee; MSN Madison; GRB Green Bay
WY Wyoming: CYS Cheyenne; CPR Casper; LAR Laramie
""",
    "CA": """
AB Alberta: YYC Calgary; YEG Edmonton; RD Red Deer; LET Lethbridge
BC British Columbia: VAN Metro Vancouver; VIC Greater Victoria; KEL Kelowna and the Okanagan;
    FV Fraser Valley
MB Manitoba: WPG Winnipeg; BRN Brandon
NB New Brunswick: MON Moncton; SJ Saint John; FRE Fredericton
NL Newfoundland and Labrador: SJN St. John's; CBK Corner Brook; LAB Labrador
NS Nova Scotia: HFX Halifax; CBR Cape Breton; ANV Annapolis Valley
ON Ontario: TOR Toronto; GTA Greater Toronto Area outside Toronto; OTT Ottawa; HAM Hamilton;
    LDN London
=PE Prince Edward Island: QUE Queens County; PRI Prince County; KIN Kings County
QC Quebec: MTL Montreal; QUE Quebec City; LAV Laval; GAT Gatineau; SHE Sherbrooke
SK Saskatchewan: SAS Saskatoon; REG Regina
NT Northwest Territories: YZF Yellowknife
NU Nunavut: IQA Iqaluit
YT Yukon: WHI Whitehorse
""",
    "MX": """
AGU Aguascalientes: AGS Aguascalientes (city); JM Jesús María
BCN Baja California: TIJ Tijuana; MXL Mexicali; ENS Ensenada
BCS Baja California Sur: LAP La Paz; SJD Los Cabos
CAM Campeche: CPE Campeche (city); CME Ciudad del Carmen
CHP Chiapas: TGZ Tuxtla Gutiérrez; TAP Tapachula; SCC San Cristóbal de las Casas
CHH Chihuahua: CUU Chihuahua (city); CJS Ciudad Juárez
CMX Ciudad de México: CUH Cuauhtémoc; COY Coyoacán; GAM Gustavo A. Madero; IZT Iztapalapa;
    BJU Benito Juárez
COA Coahuila: SLW Saltillo; TRC Torreón; LOV Monclova
COL Colima: CLQ Colima (city); ZLO Manzanillo
DUR Durango: DGO Durango (city); GPV Gómez Palacio
GUA Guanajuato: LEN León; IRA Irapuato; CEL Celaya; GTO Guanajuato (city)
GRO Guerrero: ACA Acapulco; CHI Chilpancingo; ZIH Zihuatanejo
HID Hidalgo: PAC Pachuca; TUL Tulancingo
JAL Jalisco: GDL Guadalajara; PVR Puerto Vallarta
MEX Estado de México: TLC Toluca; ECA Ecatepec; NAU Naucalpan; NEZ Nezahualcóyotl
MIC Michoacán: MLM Morelia; UPN Uruapan; LZC Lázaro Cárdenas
MOR Morelos: CVJ Cuernavaca; CUA Cuautla
NAY Nayarit: TPQ Tepic; BDB Bahía de Banderas
NLE Nuevo León: MTY Monterrey; LIN Linares
OAX Oaxaca: OAX Oaxaca (city); JUC Juchitán
PUE Puebla: PBC Puebla (city); TEH Tehuacán
QUE Querétaro: QRO Querétaro (city); SJR San Juan del Río
ROO Quintana Roo: CUN Cancún; PCM Playa del Carmen; CTM Chetumal
SLP San Luis Potosí: SLP San Luis Potosí (city); CVM Ciudad Valles
SIN Sinaloa: CUL Culiacán; MZT Mazatlán; LMM Los Mochis
SON Sonora: HMO Hermosillo; CEN Ciudad Obregón; NOG Nogales
TAB Tabasco: VSA Villahermosa; CAR Cárdenas
TAM Tamaulipas: REX Reynosa; TAM Tampico; NLD Nuevo Laredo; MAM Matamoros
TLA Tlaxcala: TLX Tlaxcala (city); APZ Apizaco
VER Veracruz: VER Veracruz (city); JAL Xalapa; COA Coatzacoalcos
YUC Yucatán: MID Mérida; VAL Valladolid
ZAC Zacatecas: ZCL Zacatecas (city); FRE Fresnillo
""",
    "BR": """
AC Acre: RBR Rio Branco; CZS Cruzeiro do Sul
AL Alagoas: MCZ Maceió; ARA Arapiraca
AP Amapá: MCP Macapá; SAN Santana
AM Amazonas: MAO Manaus; PIN Parintins
BA Bahia: SSA Salvador; FEC Feira de Santana; VDC Vitória da Conquista; IOS Ilhéus
CE Ceará: FOR Fortaleza; JDO Juazeiro do Norte; SOB Sobral
DF Distrito Federal: BSB Brasília (Plano Piloto); TAG Taguatinga; CEI Ceilândia
ES Espírito Santo: VIX Vitória; VVE Vila Velha; SER Serra
GO Goiás: GYN Goiânia; APG Aparecida de Goiânia; APS Anápolis
MA Maranhão: SLZ São Luís; IMP Imperatriz
MT Mato Grosso: CGB Cuiabá; ROO Rondonópolis; OPS Sinop
MS Mato Grosso do Sul: CGR Campo Grande; DOU Dourados
MG Minas Gerais: BHZ Belo Horizonte; UDI Uberlândia; JDF Juiz de Fora; MOC Montes Claros
PA Pará: BEL Belém; STM Santarém; MAB Marabá
PB Paraíba: JPA João Pessoa; CPV Campina Grande
PR Paraná: CWB Curitiba; LDB Londrina; MGF Maringá; IGU Foz do Iguaçu
PE Pernambuco: REC Recife; CAU Caruaru; PNZ Petrolina
PI Piauí: THE Teresina; PHB Parnaíba
RJ Rio de Janeiro: RIO Rio de Janeiro (city); NIT Niterói; BXF Baixada Fluminense;
    CAW Campos dos Goytacazes
RN Rio Grande do Norte: NAT Natal; MVF Mossoró
RS Rio Grande do Sul: POA Porto Alegre; CXJ Caxias do Sul; PET Pelotas; RIA Santa Maria
RO Rondônia: PVH Porto Velho; JPR Ji-Paraná
RR Roraima: BVB Boa Vista; RAI Rorainópolis
SC Santa Catarina: FLN Florianópolis; JOI Joinville; BNU Blumenau; CCM Criciúma
SP São Paulo: SAO São Paulo (city); ABC ABC Paulista; CPQ Campinas; SJK São José dos Campos;
    SSZ Baixada Santista
SE Sergipe: AJU Aracaju; ITB Itabaiana
TO Tocantins: PMW Palmas; AUX Araguaína
""",
    "AR": """
C Ciudad Autónoma de Buenos Aires: PAL Palermo; CAB Caballito; BEL Belgrano; FLO Flores
B Buenos Aires: GBA Gran Buenos Aires; LPG La Plata; MDQ Mar del Plata; BHI Bahía Blanca
K Catamarca: CTC San Fernando del Valle de Catamarca; BEL Belén
H Chaco: RES Resistencia; PRQ Presidencia Roque Sáenz Peña
U Chubut: CRD Comodoro Rivadavia; REL Trelew; PMY Puerto Madryn
X Córdoba: COR Córdoba (city); RCU Río Cuarto; VMA Villa María
W Corrientes: CNQ Corrientes (city); GOY Goya
E Entre Ríos: PRA Paraná; COC Concordia; GHU Gualeguaychú
P Formosa: FMA Formosa (city); CLO Clorinda
Y Jujuy: JUJ San Salvador de Jujuy; SPJ San Pedro de Jujuy
L La Pampa: RSA Santa Rosa; GPO General Pico
F La Rioja: IRJ La Rioja (city); CHL Chilecito
M Mendoza: MDZ Gran Mendoza; AFA San Rafael
N Misiones: PSS Posadas; IGR Puerto Iguazú; OBE Oberá
Q Neuquén: NQN Neuquén (city); CUT Cutral Có
R Río Negro: BRC San Carlos de Bariloche; VDM Viedma; GNR General Roca
A Salta: SLA Salta (city); ORA San Ramón de la Nueva Orán
J San Juan: UAQ San Juan (city); CAU Caucete
D San Luis: LUQ San Luis (city); VME Villa Mercedes
Z Santa Cruz: RGL Río Gallegos; FTE El Calafate
S Santa Fe: ROS Rosario; SFN Santa Fe (city); RAF Rafaela
G Santiago del Estero: SDE Santiago del Estero (city); LBD La Banda
V Tierra del Fuego: USH Ushuaia; RGA Río Grande
T Tucumán: TUC San Miguel de Tucumán; CNC Concepción
""",
    "CL": """
=AP Arica y Parinacota: ARI Arica; PAR Parinacota
=TA Tarapacá: IQQ Iquique; TAM Tamarugal
=AN Antofagasta: ANF Antofagasta; LOA El Loa; TOQ Tocopilla
=AT Atacama: CPO Copiapó; CHN Chañaral; HUA Huasco
=CO Coquimbo: ELQ Elqui; LIM Limarí; CHO Choapa
VS Valparaíso: VAP Valparaíso and Viña del Mar; QUI Quillota; SAN San Antonio; LAN Los Andes;
    IPC Isla de Pascua
=RM Región Metropolitana de Santiago: SCL Santiago; COR Cordillera; MAI Maipo; TAL Talagante;
    CHA Chacabuco; MEL Melipilla
=LI O'Higgins: CAC Cachapoal; COL Colchagua; CAR Cardenal Caro
=ML Maule: TLX Talca; CUR Curicó; LIN Linares; CAU Cauquenes
=NB Ñuble: DIG Diguillín; ITA Itata; PUN Punilla
=BI Biobío: CCP Concepción; ARA Arauco; BIO Biobío
=AR La Araucanía: CAU Cautín; MAL Malleco
=LR Los Ríos: ZAL Valdivia; RAN Ranco
=LL Los Lagos: LLA Llanquihue; ZOS Osorno; CHI Chiloé; PAL Palena
=AI Aysén: GXQ Coyhaique; AYS Aysén; GCA General Carrera; CPR Capitán Prat
=MA Magallanes: PUQ Magallanes; UES Última Esperanza; TDF Tierra del Fuego;
    ANT Antártica Chilena
""",
    "CO": """
DC Bogotá: CHA Chapinero; SUB Suba; KEN Kennedy; USA Usaquén; ENG Engativá
AMA Amazonas: LET Leticia; PNA Puerto Nariño
ANT Antioquia: MDE Medellín; ENV Envigado; BEL Bello; RIO Rionegro
ARA Arauca: AUC Arauca (city); SAR Saravena
ATL Atlántico: BAQ Barranquilla; SOL Soledad
BOL Bolívar: CTG Cartagena; MGN Magangué
BOY Boyacá: TUN Tunja; DUI Duitama; SOG Sogamoso
CAL Caldas: MZL Manizales; CHI Chinchiná
CAQ Caquetá: FLA Florencia; SVI San Vicente del Caguán
CAS Casanare: EYP Yopal; AGZ Aguazul
CAU Cauca: PPN Popayán; SQU Santander de Quilichao
CES Cesar: VUP Valledupar; AGC Aguachica
CHO Chocó: UIB Quibdó; IST Istmina
COR Córdoba: MTR Montería; CER Cereté
CUN Cundinamarca: SOA Soacha; ZIP Zipaquirá; FUS Fusagasugá; CHI Chía
GUA Guainía: PDA Inírida
GUV Guaviare: SJE San José del Guaviare
HUI Huila: NVA Neiva; PIT Pitalito
LAG La Guajira: RCH Riohacha; MAI Maicao
MAG Magdalena: SMR Santa Marta; CIE Ciénaga
MET Meta: VVC Villavicencio; GRA Granada
NAR Nariño: PSO Pasto; TCO Tumaco; IPI Ipiales
NSA Norte de Santander: CUC Cúcuta; OCV Ocaña
PUT Putumayo: PUU Puerto Asís; MOC Mocoa
QUI Quindío: AXM Armenia; CAL Calarcá
RIS Risaralda: PEI Pereira; DOS Dosquebradas
=SAP San Andrés, Providencia y Santa Catalina: ADZ San Andrés; PVA Providencia y Santa Catalina
SAN Santander: BGA Bucaramanga; FLO Floridablanca; EJA Barrancabermeja
SUC Sucre: CZU Sincelejo; COR Corozal
TOL Tolima: IBE Ibagué; ESP Espinal
VAC Valle del Cauca: CLO Cali; PAL Palmira; BUN Buenaventura; ULQ Tuluá
VAU Vaupés: MVP Mitú
VID Vichada: PCR Puerto Carreño
""",
    "GB": """
=NE North East England: NTH Northumberland; TWR Tyne and Wear; DUR County Durham;
    TEE Tees Valley
=NW North West England: MAN Greater Manchester; MSY Merseyside; LAN Lancashire; CHS Cheshire;
    CMA Cumbria
=YH Yorkshire and the Humber: WYK West Yorkshire; SYK South Yorkshire; NYK North Yorkshire;
    ERY East Riding and Hull; NLN Northern Lincolnshire
=EM East Midlands: DBY Derbyshire; NTT Nottinghamshire; LEC Leicestershire and Rutland;
    LIN Lincolnshire; NTH Northamptonshire
=WM West Midlands: WMD West Midlands conurbation; STS Staffordshire; WAR Warwickshire;
    WOR Worcestershire; SHR Shropshire; HEF Herefordshire
=EE East of England: NFK Norfolk; SFK Suffolk; ESS Essex; CAM Cambridgeshire;
    HRT Hertfordshire; BDF Bedfordshire
=LDN London: IN Inner London; OUT Outer London
=SE South East England: KEN Kent; SRY Surrey; SSX Sussex; HAM Hampshire and the Isle of Wight;
    TV Berkshire, Buckinghamshire and Oxfordshire
=SW South West England: GLS Bristol and Gloucestershire; SOM Somerset; WIL Wiltshire;
    DOR Dorset; DEV Devon; CON Cornwall and the Isles of Scilly
=SCT Scotland: GLA Glasgow and the West; EDI Edinburgh and the Lothians;
    HI Highlands and Islands; NES North East Scotland; TAY Tayside, Fife and Central;
    SOU South of Scotland
=WLS Wales: NWL North Wales; MWL Mid Wales; SWW South West Wales; SEW South East Wales
=NIR Northern Ireland: BFS Belfast; ANT County Antrim; ARM County Armagh; DOW County Down;
    FER County Fermanagh; LDY County Londonderry; TYR County Tyrone
""",
    "FR": """
=ARA Auvergne-Rhône-Alpes: 01 Ain; 03 Allier; 07 Ardèche; 15 Cantal; 26 Drôme; 38 Isère;
    42 Loire; 43 Haute-Loire; 63 Puy-de-Dôme; 69 Rhône; 73 Savoie; 74 Haute-Savoie
=BFC Bourgogne-Franche-Comté: 21 Côte-d'Or; 25 Doubs; 39 Jura; 58 Nièvre; 70 Haute-Saône;
    71 Saône-et-Loire; 89 Yonne; 90 Territoire de Belfort
=BRE Bretagne: 22 Côtes-d'Armor; 29 Finistère; 35 Ille-et-Vilaine; 56 Morbihan
=CVL Centre-Val de Loire: 18 Cher; 28 Eure-et-Loir; 36 Indre; 37 Indre-et-Loire;
    41 Loir-et-Cher; 45 Loiret
=COR Corse: 2A Corse-du-Sud; 2B Haute-Corse
=GES Grand Est: 08 Ardennes; 10 Aube; 51 Marne; 52 Haute-Marne; 54 Meurthe-et-Moselle;
    55 Meuse; 57 Moselle; 67 Bas-Rhin; 68 Haut-Rhin; 88 Vosges
=HDF Hauts-de-France: 02 Aisne; 59 Nord; 60 Oise; 62 Pas-de-Calais; 80 Somme
=IDF Île-de-France: 75 Paris; 77 Seine-et-Marne; 78 Yvelines; 91 Essonne; 92 Hauts-de-Seine;
    93 Seine-Saint-Denis; 94 Val-de-Marne; 95 Val-d'Oise
=NOR Normandie: 14 Calvados; 27 Eure; 50 Manche; 61 Orne; 76 Seine-Maritime
=NAQ Nouvelle-Aquitaine: 16 Charente; 17 Charente-Maritime; 19 Corrèze; 23 Creuse;
    24 Dordogne; 33 Gironde; 40 Landes; 47 Lot-et-Garonne; 64 Pyrénées-Atlantiques;
    79 Deux-Sèvres; 86 Vienne; 87 Haute-Vienne
=OCC Occitanie: 09 Ariège; 11 Aude; 12 Aveyron; 30 Gard; 31 Haute-Garonne; 32 Gers;
    34 Hérault; 46 Lot; 48 Lozère; 65 Hautes-Pyrénées; 66 Pyrénées-Orientales; 81 Tarn;
    82 Tarn-et-Garonne
=PDL Pays de la Loire: 44 Loire-Atlantique; 49 Maine-et-Loire; 53 Mayenne; 72 Sarthe;
    85 Vendée
=PAC Provence-Alpes-Côte d'Azur: 04 Alpes-de-Haute-Provence; 05 Hautes-Alpes;
    06 Alpes-Maritimes; 13 Bouches-du-Rhône; 83 Var; 84 Vaucluse
""",
    "DE": """
=BW Baden-Württemberg: S Stuttgart; KA Karlsruhe; FR Freiburg; TUE Tübingen
=BY Bayern: OBB Oberbayern; NDB Niederbayern; OPF Oberpfalz; OFR Oberfranken;
    MFR Mittelfranken; UFR Unterfranken; SWA Schwaben
BE Berlin: MIT Mitte; FK Friedrichshain-Kreuzberg; PAN Pankow; CW Charlottenburg-Wilmersdorf;
    NK Neukölln
BB Brandenburg: P Potsdam; CB Cottbus; FF Frankfurt (Oder)
=HB Bremen: HB Bremen (city); BHV Bremerhaven
=HH Hamburg: MIT Hamburg-Mitte; ALT Altona; EIM Eimsbüttel; NRD Hamburg-Nord; WAN Wandsbek;
    BER Bergedorf; HAR Harburg
=HE Hessen: DA Darmstadt; GI Gießen; KS Kassel
MV Mecklenburg-Vorpommern: HRO Rostock; SN Schwerin; HGW Greifswald
NI Niedersachsen: H Hannover; BS Braunschweig; OS Osnabrück; OL Oldenburg
=NW Nordrhein-Westfalen: D Düsseldorf; K Köln; MS Münster; DT Detmold; AR Arnsberg
RP Rheinland-Pfalz: MZ Mainz; LU Ludwigshafen; KO Koblenz; TR Trier
SL Saarland: SB Saarbrücken; NK Neunkirchen
=SN Sachsen: DD Dresden; L Leipzig; C Chemnitz
ST Sachsen-Anhalt: MD Magdeburg; HAL Halle (Saale); DE Dessau-Roßlau
SH Schleswig-Holstein: KI Kiel; HL Lübeck; FL Flensburg
TH Thüringen: EF Erfurt; J Jena; G Gera
""",
    "IT": """
21 Piemonte: TO Torino; NO Novara; CN Cuneo; AL Alessandria; AT Asti
23 Valle d'Aosta: AO Aosta
25 Lombardia: MI Milano; MB Monza e Brianza; BG Bergamo; BS Brescia; VA Varese
=32 Trentino-Alto Adige: TN Trento; BZ Bolzano
34 Veneto: VE Venezia; VR Verona; PD Padova; VI Vicenza; TV Treviso
=36 Friuli-Venezia Giulia: TS Trieste; UD Udine; PN Pordenone; GO Gorizia
=42 Liguria: GE Genova; SV Savona; SP La Spezia; IM Imperia
45 Emilia-Romagna: BO Bologna; MO Modena; PR Parma; RE Reggio Emilia; RN Rimini
52 Toscana: FI Firenze; PI Pisa; LI Livorno; SI Siena; LU Lucca
=55 Umbria: PG Perugia; TR Terni
=57 Marche: AN Ancona; PU Pesaro e Urbino; MC Macerata; AP Ascoli Piceno; FM Fermo
=62 Lazio: RM Roma; LT Latina; FR Frosinone; VT Viterbo; RI Rieti
=65 Abruzzo: AQ L'Aquila; TE Teramo; PE Pescara; CH Chieti
=67 Molise: CB Campobasso; IS Isernia
=72 Campania: NA Napoli; SA Salerno; CE Caserta; AV Avellino; BN Benevento
75 Puglia: BA Bari; LE Lecce; TA Taranto; FG Foggia; BR Brindisi
=77 Basilicata: PZ Potenza; MT Matera
=78 Calabria: CS Cosenza; CZ Catanzaro; RC Reggio Calabria; KR Crotone; VV Vibo Valentia
82 Sicilia: PA Palermo; CT Catania; ME Messina; SR Siracusa; TP Trapani
88 Sardegna: CA Cagliari; SS Sassari; NU Nuoro; OR Oristano
""",
    "ES": """
=AN Andalucía: AL Almería; CA Cádiz; CO Córdoba; GR Granada; H Huelva; J Jaén; MA Málaga;
    SE Sevilla
=AR Aragón: HU Huesca; TE Teruel; Z Zaragoza
AS Asturias: OVI Oviedo; GIJ Gijón; AVI Avilés
=CN Canarias: GC Las Palmas; TF Santa Cruz de Tenerife
CB Cantabria: SDR Santander; TOR Torrelavega
=CL Castilla y León: AV Ávila; BU Burgos; LE León; P Palencia; SA Salamanca; SG Segovia;
    SO Soria; VA Valladolid; ZA Zamora
=CM Castilla-La Mancha: AB Albacete; CR Ciudad Real; CU Cuenca; GU Guadalajara; TO Toledo
=CT Cataluña: B Barcelona; GI Girona; L Lleida; T Tarragona
=EX Extremadura: BA Badajoz; CC Cáceres
=GA Galicia: C A Coruña; LU Lugo; OR Ourense; PO Pontevedra
=IB Illes Balears: MLL Mallorca; MEN Menorca; EIV Eivissa and Formentera
RI La Rioja: LOG Logroño; CAL Calahorra
MD Madrid: MAD Madrid (city); NOR Northern suburbs; SUR Southern suburbs; EST Henares corridor;
    OES Western suburbs
MC Murcia: MUR Murcia (city); CTG Cartagena; LOR Lorca
NC Navarra: PNA Pamplona; TUD Tudela
=PV País Vasco: VI Álava; SS Gipuzkoa; BI Bizkaia
=VC Comunitat Valenciana: A Alicante; CS Castellón; V Valencia
=CE Ceuta: CEU Ceuta
=ML Melilla: MEL Melilla
""",
    "PT": """
01 Aveiro: AVR Aveiro; VFE Santa Maria da Feira; OAZ Oliveira de Azeméis
02 Beja: BJA Beja; ODM Odemira
03 Braga: BRG Braga; GMR Guimarães; VNF Vila Nova de Famalicão
04 Bragança: BGC Bragança; MDL Mirandela
05 Castelo Branco: CTB Castelo Branco; CVL Covilhã
06 Coimbra: CBR Coimbra; FIG Figueira da Foz
07 Évora: EVR Évora; MMN Montemor-o-Novo
08 Faro: FAO Faro; LLE Loulé; PTM Portimão
09 Guarda: GRD Guarda; SEI Seia
10 Leiria: LRA Leiria; CLD Caldas da Rainha
11 Lisboa: LIS Lisboa; SNT Sintra; CSC Cascais; OER Oeiras; AMD Amadora
12 Portalegre: PTG Portalegre; ELV Elvas
13 Porto: OPO Porto; VNG Vila Nova de Gaia; MTS Matosinhos; GDM Gondomar
14 Santarém: STR Santarém; TMR Tomar
15 Setúbal: STB Setúbal; ALM Almada; SXL Seixal
16 Viana do Castelo: VCT Viana do Castelo; PTL Ponte de Lima
17 Vila Real: VRL Vila Real; CHV Chaves
18 Viseu: VIS Viseu; LMG Lamego
20 Açores: PDL São Miguel; TER Terceira; HOR Faial
30 Madeira: FNC Funchal; PXO Porto Santo
""",
    "NL": """
DR Drenthe: ASN Assen; EMN Emmen
FL Flevoland: ALM Almere; LEL Lelystad
FR Fryslân: LWR Leeuwarden; SNK Sneek
GE Gelderland: ARN Arnhem; NIJ Nijmegen; APD Apeldoorn
GR Groningen: GRQ Groningen (city); DZL Delfzijl
LI Limburg: MST Maastricht; VLO Venlo; HRL Heerlen
NB Noord-Brabant: EIN Eindhoven; TLB Tilburg; BRD Breda; DBS 's-Hertogenbosch
NH Noord-Holland: AMS Amsterdam; HLM Haarlem; ZST Zaanstad; ALK Alkmaar
OV Overijssel: ZWO Zwolle; ENS Enschede
UT Utrecht: UTC Utrecht (city); AMF Amersfoort
ZE Zeeland: MDB Middelburg; VLI Vlissingen
ZH Zuid-Holland: RTM Rotterdam; HAG The Hague; LEI Leiden; DOR Dordrecht
""",
    "BE": """
BRU Brussels-Capital Region: BXL City of Brussels; SCH Schaerbeek; AND Anderlecht; IXL Ixelles
VAN Antwerpen: ANR Antwerp; MEC Mechelen; TUR Turnhout
VLI Limburg: HAS Hasselt; GNK Genk
VOV Oost-Vlaanderen: GNT Ghent; AAL Aalst; SNK Sint-Niklaas
VBR Vlaams-Brabant: LEU Leuven; VIL Vilvoorde
VWV West-Vlaanderen: BRG Bruges; KOR Kortrijk; OST Ostend
WBR Brabant wallon: WAV Wavre; OLN Ottignies-Louvain-la-Neuve
WHT Hainaut: CRL Charleroi; MON Mons; TOU Tournai
WLG Liège: LGG Liège (city); VER Verviers; EUP Eupen
WLX Luxembourg: ARL Arlon; BAS Bastogne
WNA Namur: NAM Namur (city); DIN Dinant
""",
    "PL": """
02 Dolnośląskie: WRO Wrocław; WBR Wałbrzych; LEG Legnica
04 Kujawsko-pomorskie: BZG Bydgoszcz; TOR Toruń
06 Lubelskie: LUZ Lublin; ZAM Zamość
08 Lubuskie: IEG Zielona Góra; GOW Gorzów Wielkopolski
10 Łódzkie: LCJ Łódź; PTK Piotrków Trybunalski
12 Małopolskie: KRK Kraków; TAR Tarnów; NSA Nowy Sącz
14 Mazowieckie: WAW Warszawa; RDO Radom; PLO Płock
16 Opolskie: OPO Opole; KKO Kędzierzyn-Koźle
18 Podkarpackie: RZE Rzeszów; PRZ Przemyśl
20 Podlaskie: BIA Białystok; SUW Suwałki
22 Pomorskie: GDN Gdańsk; GDY Gdynia; SLP Słupsk
24 Śląskie: KTW Katowice; GLI Gliwice; CZE Częstochowa; BBI Bielsko-Biała
26 Świętokrzyskie: KIE Kielce; OST Ostrowiec Świętokrzyski
28 Warmińsko-mazurskie: SZY Olsztyn; ELB Elbląg
30 Wielkopolskie: POZ Poznań; KAL Kalisz; KON Konin
32 Zachodniopomorskie: SZZ Szczecin; OSZ Koszalin
""",
    "SE": """
AB Stockholm: STO Stockholm (city); SOD Södertälje; NAC Nacka
C Uppsala: UPP Uppsala (city); ENK Enköping
D Södermanland: NYO Nyköping; ESK Eskilstuna
E Östergötland: LPI Linköping; NRK Norrköping
F Jönköping: JKG Jönköping (city); VNM Värnamo
G Kronoberg: VXO Växjö; LJU Ljungby
H Kalmar: KLR Kalmar (city); VVK Västervik
I Gotland: VBY Visby
K Blekinge: KRN Karlskrona; KSH Karlshamn
M Skåne: MMA Malmö; HEL Helsingborg; LND Lund; KID Kristianstad
N Halland: HAD Halmstad; VAR Varberg
O Västra Götaland: GOT Göteborg; BOR Borås; THN Trollhättan; KVB Skövde
S Värmland: KSD Karlstad; ARV Arvika
T Örebro: ORB Örebro (city); KUM Kumla
U Västmanland: VST Västerås; KOP Köping
W Dalarna: FAL Falun; BLA Borlänge
X Gävleborg: GVX Gävle; SDK Sandviken; HUV Hudiksvall
Y Västernorrland: SDL Sundsvall; OER Örnsköldsvik
Z Jämtland: OSD Östersund; ARE Åre
AC Västerbotten: UME Umeå; SFT Skellefteå
BD Norrbotten: LLA Luleå; KRN Kiruna
""",
    "JP": """
01 Hokkaido: SPK Sapporo; HKD Hakodate; AKJ Asahikawa
02 Aomori: AOJ Aomori (city); HHE Hachinohe
03 Iwate: MOR Morioka; ICH Ichinoseki
04 Miyagi: SDJ Sendai; ISH Ishinomaki
05 Akita: AXT Akita (city); YKT Yokote
06 Yamagata: GAJ Yamagata (city); TRK Tsuruoka
07 Fukushima: FKS Fukushima (city); KRY Koriyama; IWK Iwaki
08 Ibaraki: MIT Mito; TKB Tsukuba; HTC Hitachi
09 Tochigi: UTS Utsunomiya; OYM Oyama; MOT Motegi
10 Gunma: MAE Maebashi; TKS Takasaki
11 Saitama: SAI Saitama (city); KWG Kawaguchi; KWE Kawagoe
12 Chiba: CHB Chiba (city); FNB Funabashi; KSW Kashiwa
=13 Tokyo: WRD 23 special wards; TAM Tama area; ISL Tokyo islands
14 Kanagawa: YOK Yokohama; KAW Kawasaki; SGM Sagamihara; FJS Fujisawa
15 Niigata: KIJ Niigata (city); NGK Nagaoka
16 Toyama: TOY Toyama (city); TKO Takaoka
17 Ishikawa: KMQ Kanazawa; KOM Komatsu
18 Fukui: FKI Fukui (city); TRG Tsuruga
19 Yamanashi: KOF Kofu; FJY Fujiyoshida
20 Nagano: NGN Nagano (city); MMJ Matsumoto
21 Gifu: GIF Gifu (city); OGK Ogaki
22 Shizuoka: FSZ Shizuoka (city); HMM Hamamatsu; NMZ Numazu; GTB Gotemba and Oyama
23 Aichi: NGO Nagoya; TYT Toyota; OKZ Okazaki
24 Mie: TSU Tsu; YKK Yokkaichi; SZK Suzuka
25 Shiga: OTS Otsu; KSA Kusatsu
26 Kyoto: UKY Kyoto (city); UJI Uji; FCY Fukuchiyama
27 Osaka: OSA Osaka (city); SKI Sakai; HOS Higashiosaka
28 Hyogo: UKB Kobe; HMJ Himeji; NSM Nishinomiya
29 Nara: NAR Nara (city); KSH Kashihara
30 Wakayama: WKY Wakayama (city); TNB Tanabe
31 Tottori: TTJ Tottori (city); YGJ Yonago
32 Shimane: MTE Matsue; IZO Izumo
33 Okayama: OKJ Okayama (city); KRS Kurashiki; MMS Mimasaka
34 Hiroshima: HIJ Hiroshima (city); FKY Fukuyama; KRE Kure
35 Yamaguchi: YMG Yamaguchi (city); SMN Shimonoseki
36 Tokushima: TKS Tokushima (city); NRT Naruto
37 Kagawa: TAK Takamatsu; MRG Marugame
38 Ehime: MYJ Matsuyama; IMB Imabari
39 Kochi: KCZ Kochi (city); NNK Nankoku
40 Fukuoka: FUK Fukuoka (city); KKJ Kitakyushu; KRM Kurume
41 Saga: HSG Saga (city); KAR Karatsu
42 Nagasaki: NGS Nagasaki (city); SSB Sasebo
43 Kumamoto: KMJ Kumamoto (city); YAT Yatsushiro
44 Oita: OIT Oita (city); BPU Beppu
45 Miyazaki: KMI Miyazaki (city); MYK Miyakonojo
46 Kagoshima: KOJ Kagoshima (city); KRI Kirishima
47 Okinawa: OKA Naha; OKW Okinawa (city); ISG Ishigaki
""",
    "KR": """
11 Seoul: GN Gangnam-gu; SP Songpa-gu; MP Mapo-gu; JR Jongno-gu; NW Nowon-gu
26 Busan: HU Haeundae-gu; BJ Busanjin-gu; SH Saha-gu
27 Daegu: SS Suseong-gu; DS Dalseo-gu; BG Buk-gu
28 Incheon: YS Yeonsu-gu; ND Namdong-gu; BP Bupyeong-gu
29 Gwangju: GS Gwangsan-gu; BG Buk-gu; SG Seo-gu
30 Daejeon: YS Yuseong-gu; SG Seo-gu; DG Dong-gu
31 Ulsan: NG Nam-gu; JG Jung-gu; UJ Ulju-gun
50 Sejong: JCW Jochiwon-eup; HBD Haengbok new town
41 Gyeonggi: SWN Suwon; SNM Seongnam; GOY Goyang; YGN Yongin; BCN Bucheon
51 Gangwon: CCN Chuncheon; WJU Wonju; GNG Gangneung; IJE Inje
43 North Chungcheong: CJU Cheongju; CHJ Chungju
44 South Chungcheong: CAN Cheonan; ASN Asan; GJU Gongju
52 North Jeolla: JJU Jeonju; IKS Iksan; GUN Gunsan
46 South Jeolla: MOK Mokpo; YSU Yeosu; SCN Suncheon; YAM Yeongam
47 North Gyeongsang: POH Pohang; GUM Gumi; GYJ Gyeongju
48 South Gyeongsang: CWN Changwon; GIM Gimhae; JNJ Jinju
=49 Jeju: JEJ Jeju-si; SGP Seogwipo-si
""",
    "CN": """
BJ Beijing: CY Chaoyang; HD Haidian; DC Dongcheng; FT Fengtai
TJ Tianjin: HP Heping; BH Binhai
HE Hebei: SJZ Shijiazhuang; TS Tangshan; BD Baoding
SX Shanxi: TY Taiyuan; DT Datong
NM Inner Mongolia: HHT Hohhot; BT Baotou; ORD Ordos
LN Liaoning: SY Shenyang; DL Dalian
JL Jilin: CC Changchun; JLC Jilin (city)
HL Heilongjiang: HRB Harbin; DQ Daqing
SH Shanghai: PD Pudong; XH Xuhui; MH Minhang; JD Jiading
JS Jiangsu: NJ Nanjing; SZ Suzhou; WX Wuxi
ZJ Zhejiang: HZ Hangzhou; NB Ningbo; WZ Wenzhou
AH Anhui: HF Hefei; WH Wuhu
FJ Fujian: FZ Fuzhou; XM Xiamen; QZ Quanzhou
JX Jiangxi: NC Nanchang; GZ Ganzhou
SD Shandong: JN Jinan; QD Qingdao; YT Yantai
HA Henan: ZZ Zhengzhou; LY Luoyang
HB Hubei: WH Wuhan; YC Yichang
HN Hunan: CS Changsha; ZZ Zhuzhou
GD Guangdong: GZ Guangzhou; SZ Shenzhen; DG Dongguan; FS Foshan; ZH Zhuhai
GX Guangxi: NN Nanning; GL Guilin; LZ Liuzhou
HI Hainan: HK Haikou; SY Sanya
CQ Chongqing: YZ Yuzhong; YB Yubei; WZ Wanzhou
SC Sichuan: CD Chengdu; MY Mianyang
GZ Guizhou: GY Guiyang; ZY Zunyi
YN Yunnan: KM Kunming; DL Dali
XZ Tibet: LS Lhasa; RKZ Shigatse
SN Shaanxi: XA Xi'an; BJ Baoji
GS Gansu: LZ Lanzhou; TS Tianshui
QH Qinghai: XN Xining; GOQ Golmud
NX Ningxia: YC Yinchuan; SZS Shizuishan
XJ Xinjiang: URC Ürümqi; KHG Kashgar
""",
    "TW": """
TPE Taipei: XY Xinyi; DA Da'an; ZS Zhongshan; NH Neihu
NWT New Taipei: BQ Banqiao; XZ Xinzhuang; ZH Zhonghe; SC Sanchong
TAO Taoyuan: TY Taoyuan District; ZL Zhongli
TXG Taichung: XT Xitun; BT Beitun; FY Fengyuan
TNN Tainan: EA East District; YK Yongkang; XY Xinying
KHH Kaohsiung: LY Lingya; ZY Zuoying; FS Fengshan
KEE Keelung: RA Ren'ai; AL Anle
HSZ Hsinchu City: EA East District; NO North District
=CYI Chiayi City: EA East District; WE West District
HSQ Hsinchu County: ZB Zhubei; HK Hukou
MIA Miaoli: ML Miaoli City; TF Toufen
CHA Changhua: CH Changhua City; YL Yuanlin
NAN Nantou: NT Nantou City; PL Puli
YUN Yunlin: DL Douliu; HW Huwei
CYQ Chiayi County: TB Taibao; MX Minxiong
PIF Pingtung: PT Pingtung City; DG Donggang; HC Hengchun
ILA Yilan: YL Yilan City; LD Luodong
HUA Hualien: HL Hualien City; JA Ji'an
TTT Taitung: TT Taitung City; CG Chenggong
PEN Penghu: MG Magong; HX Huxi
KIN Kinmen: JC Jincheng; JH Jinhu
LIE Lienchiang: NG Nangan; BG Beigan
""",
    "TH": """
10 Bangkok: PTW Pathum Wan; CTK Chatuchak; WTN Watthana; BKP Bang Kapi
C Central Thailand: 11 Samut Prakan; 12 Nonthaburi; 13 Pathum Thani;
    14 Phra Nakhon Si Ayutthaya; 73 Nakhon Pathom
E Eastern Thailand: 20 Chon Buri; 21 Rayong; 22 Chanthaburi; 24 Chachoengsao
N Northern Thailand: 50 Chiang Mai; 57 Chiang Rai; 65 Phitsanulok; 52 Lampang
NE Northeastern Thailand: 30 Nakhon Ratchasima; 40 Khon Kaen; 41 Udon Thani;
    34 Ubon Ratchathani; 31 Buri Ram
W Western Thailand: 71 Kanchanaburi; 70 Ratchaburi; 76 Phetchaburi; 77 Prachuap Khiri Khan
S Southern Thailand: 83 Phuket; 90 Songkhla; 80 Nakhon Si Thammarat; 84 Surat Thani
""",
    "AU": """
NSW New South Wales: SYD Greater Sydney; HUN Hunter; ILL Illawarra; CC Central Coast;
    BHS Bathurst
VIC Victoria: MEL Greater Melbourne; GEE Geelong; BAL Ballarat; BEN Bendigo
QLD Queensland: BNE Greater Brisbane; GC Gold Coast; SC Sunshine Coast; TSV Townsville;
    CNS Cairns
WA Western Australia: PER Greater Perth; BUY Bunbury and the South West; KGI Goldfields
SA South Australia: ADL Greater Adelaide; MGB Mount Gambier; WYA Whyalla
TAS Tasmania: HBA Hobart; LST Launceston; BWT Burnie and the North West
ACT Australian Capital Territory: CBR Canberra
NT Northern Territory: DRW Darwin; ASP Alice Springs
""",
    "NZ": """
AUK Auckland: CEN Auckland Central; NSH North Shore; WAI Waitakere; MNK Manukau
BOP Bay of Plenty: TRG Tauranga; ROT Rotorua; WHK Whakatane
CAN Canterbury: CHC Christchurch; TIU Timaru; ASH Ashburton
GIS Gisborne: GIS Gisborne (city)
HKB Hawke's Bay: NPE Napier; HTG Hastings
MBH Marlborough: BHE Blenheim; PCN Picton
MWT Manawatu-Whanganui: PMR Palmerston North; WAG Whanganui
NSN Nelson: NSN Nelson (city)
NTL Northland: WRE Whangarei; KKE Kerikeri
OTA Otago: DUD Dunedin; ZQN Queenstown-Lakes; OAM Oamaru
STL Southland: IVC Invercargill; GOR Gore
TKI Taranaki: NPL New Plymouth; HWR Hawera
TAS Tasman: RIC Richmond; MZP Motueka
WKO Waikato: HLZ Hamilton; TUO Taupo; THA Thames-Coromandel
WGN Wellington: WLG Wellington City; HUT Hutt Valley; POR Porirua; KAP Kapiti Coast
WTC West Coast: GMN Greymouth; WSZ Westport
=CIT Chatham Islands: CHT Chatham Island; PIT Pitt Island
""",
    "ZA": """
EC Eastern Cape: PLZ Nelson Mandela Bay; ELS Buffalo City; UTT Mthatha
FS Free State: BFN Mangaung; WEL Welkom
=GP Gauteng: JNB Johannesburg; TSH Tshwane; EKU Ekurhuleni; SED Sedibeng; WRD West Rand
KZN KwaZulu-Natal: DUR eThekwini; PZB Pietermaritzburg; RCB Richards Bay
LP Limpopo: PTG Polokwane; TZN Tzaneen
MP Mpumalanga: MQP Mbombela; EMA eMalahleni
NW North West: RSB Rustenburg; MBD Mahikeng; POT Potchefstroom
NC Northern Cape: KIM Kimberley; UTN Upington
WC Western Cape: CPT Cape Town; STB Cape Winelands; GRJ Garden Route
""",
    "SA": """
01 Riyadh: RUH Riyadh (city); KHJ Al-Kharj
02 Makkah: JED Jeddah; MAK Mecca; TIF Taif
03 Madinah: MED Medina; YNB Yanbu
04 Eastern Province: DMM Dammam; KBR Khobar; DHA Dhahran; HOF Al-Ahsa; JUB Jubail
05 Al-Qassim: ELQ Buraidah; UNZ Unaizah
06 Ha'il: HAS Ha'il (city)
07 Tabuk: TUU Tabuk (city)
08 Northern Borders: RAE Arar; RAH Rafha
09 Jazan: GIZ Jazan (city); SBY Sabya
10 Najran: EAM Najran (city); SHW Sharurah
11 Al-Bahah: ABT Al-Bahah (city)
12 Al-Jawf: AJF Sakakah; DMJ Dumat al-Jandal
14 Asir: AHB Abha; KMM Khamis Mushait
""",
    "AE": """
=AZ Abu Dhabi: AUH Abu Dhabi (city); AAN Al Ain; DHF Al Dhafra
DU Dubai: DWN Downtown and Business Bay; MAR Dubai Marina; DEI Deira; HTA Hatta
SH Sharjah: SHJ Sharjah (city); KLF Khor Fakkan; KLB Kalba
AJ Ajman: AJM Ajman (city); MAS Masfout
UQ Umm Al Quwain: UAQ Umm Al Quwain (city)
RK Ras Al Khaimah: RKT Ras Al Khaimah (city); JAH Al Jazirah Al Hamra
FU Fujairah: FJR Fujairah (city); DBA Dibba Al-Fujairah
""",
}


def _parse(country: str, table: str) -> tuple[MainAreaRow, ...]:
    """Turn a table into rows; codes are prefixed with their parent's code.

    One main area per line: ``[=]CODE Name: CODE Name; CODE Name ...``, an
    indented line continuing the previous one. A leading ``=`` says the
    secondary areas cover the whole main area, so no "Elsewhere in ..." area
    is added.
    """
    lines: list[str] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    rows = []
    for line in lines:
        complete = line.startswith("=")
        head, _, tail = line.removeprefix("=").partition(":")
        code, name = head.strip().split(" ", 1)
        main_code = f"{country}-{code}"
        secondaries = [
            (f"{main_code}-{sub_code}", sub_name.strip())
            for sub_code, sub_name in (item.strip().split(" ", 1) for item in tail.split(";"))
        ]
        if not complete:
            secondaries.append((f"{main_code}-OTH", f"Elsewhere in {name}"))
        rows.append((main_code, name, tuple(secondaries)))
    return tuple(rows)


AREAS: dict[str, tuple[MainAreaRow, ...]] = {
    country: _parse(country, table) for country, table in _AREA_TABLES.items()
}


def areas_for(code: str, name: str) -> tuple[MainAreaRow, ...]:
    """The main areas of a country, each with its secondary areas.

    A country without detailed areas gets one of each covering it all, so
    that every driver can register.
    """
    if code in AREAS:
        return AREAS[code]
    everywhere = f"{name} (all)"
    return ((f"{code}-ALL", everywhere, ((f"{code}-ALL-ALL", everywhere),)),)
