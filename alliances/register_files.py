"""The register that ships: CSV files in register/, loaded through the admin import's rules and exported back.

register/README.md says what each file holds and the rules its facts follow. Loading runs
one transaction for the bodies themselves (every folder's alliance.csv, so that any source may
name any body), then one per folder: shared/ first, each body's folder, then the folders that
are not bodies (rankings/). A folder with one bad row writes nothing, and its report names the
file, line and column. Loading is idempotent: unchanged rows are not saved, so a second run
writes nothing, not even history. A record someone else changed since the loader last wrote it
is kept as it is and reported (alliances.admin.register_resources.LoadedRows).
"""

import csv
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_countries import countries

from .admin.register_resources import (
    AllianceNameResource,
    AllianceResource,
    CitationResource,
    FoundingClaimResource,
    LoadedAnnouncementResource,
    LoadedMembershipResource,
    LoadedOrganizationResource,
    OrganizationNameResource,
    RankingResource,
    ReportedSizeResource,
    latest_version,
    loader_reason,
    membership_key,
    written_by_a_person,
)
from .dates import DateTextError, parse_span
from .models import (
    Alliance,
    AllianceName,
    Announcement,
    Country,
    FoundingClaim,
    Membership,
    MembershipSource,
    Organization,
    OrganizationName,
    Ranking,
    ReportedSize,
    Stance,
    Status,
)
from .services import record_save

REGISTER_DIR = Path(settings.BASE_DIR) / "register"
SHARED = "shared"
RANKINGS = "rankings"
BODY_FILE = "alliance.csv"
# A folder's other files, in the order they load: a file names records of the files before it.
FOLDER_FILES = {
    "alliance_names.csv": AllianceNameResource,
    "organizations.csv": LoadedOrganizationResource,
    "organization_names.csv": OrganizationNameResource,
    "announcements.csv": LoadedAnnouncementResource,
    "founding_claims.csv": FoundingClaimResource,
    "memberships.csv": LoadedMembershipResource,
    "citations.csv": CitationResource,
    "reported_sizes.csv": ReportedSizeResource,
    "rankings.csv": RankingResource,
}


@dataclass
class FileReport:
    path: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list = field(default_factory=list)  # (line, record, [column, ...] where the file differs)
    errors: list = field(default_factory=list)  # (line, message)


@dataclass
class StepReport:
    """One transaction: the bodies' own rows, or one folder."""

    name: str
    files: list = field(default_factory=list)
    written: bool = False

    @property
    def errors(self):
        return [(report.path, line, message) for report in self.files for line, message in report.errors]

    @property
    def kept(self):
        return [(report.path, line, record, columns) for report in self.files for line, record, columns in report.kept]


def register_folders(root=REGISTER_DIR):
    """The folders in load order: shared/, the bodies (with an alliance.csv), then the others."""
    folders = [path for path in sorted(Path(root).iterdir()) if path.is_dir()]
    shared = [path for path in folders if path.name == SHARED]
    bodies = [path for path in folders if (path / BODY_FILE).exists()]
    others = [path for path in folders if path not in shared and path not in bodies]
    return shared + bodies + others


def read_dataset(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        headers = next(reader, [])
        return tablib.Dataset(*[row + [""] * (len(headers) - len(row)) for row in reader], headers=headers)


def register_load(*, root=REGISTER_DIR, dry_run=False, overwrite=False):
    """Load every folder of `root`; return a StepReport per transaction.

    `dry_run` writes nothing; `overwrite` writes the files' rows over what someone changed since they were loaded.
    """
    root = Path(root)
    folders = register_folders(root)
    options = {"root": root, "overwrite": overwrite}
    # A dry run loads as a real one does, each step seeing the steps before it, then takes it all back.
    with transaction.atomic() if dry_run else nullcontext():
        reports = [_run_step("bodies", [(folder / BODY_FILE, AllianceResource) for folder in folders], **options)]
        reports.append(_run_step("country names", [], extra=_country_names_sync, **options))
        for folder in folders:
            files = [(folder / name, resource) for name, resource in FOLDER_FILES.items() if (folder / name).exists()]
            reports.append(_run_step(folder.name, files, extra=_sourcing_check, **options))
        if dry_run:
            transaction.set_rollback(True)
            for report in reports:
                report.written = False
    return reports


class _Rollback(Exception):
    pass


def _run_step(name, files, *, root, overwrite, extra=None):
    report = StepReport(name=name)
    try:
        with transaction.atomic():
            for path, resource_class in files:
                if not path.exists():
                    continue
                dataset = read_dataset(path)
                if resource_class is LoadedMembershipResource:
                    resource = resource_class(cited=_cited(path.parent / "citations.csv"), overwrite=overwrite)
                else:
                    resource = resource_class(overwrite=overwrite)
                report.files.append(_load_file(resource, dataset, path, root))
            if extra:
                report.files.extend(extra([path for path, _resource in files], root))
            if report.errors:
                raise _Rollback
            report.written = True
    except _Rollback:
        pass
    return report


def _load_file(resource, dataset, path, root):
    folder = path.parent.name
    result = resource.import_data(
        dataset, dry_run=False, use_transactions=False, raise_errors=False, change_reason=loader_reason(folder)
    )
    report = FileReport(path=str(path.relative_to(root.parent)))
    report.new = result.totals["new"]
    report.updated = result.totals["update"]
    report.kept = [(number + 1, record, columns) for number, record, columns in resource.kept]
    report.unchanged = result.totals["skip"] - len(report.kept)
    for error in result.base_errors:
        report.errors.append((1, str(error.error)))
    for number, errors in result.row_errors():
        report.errors.extend((number + 1, str(error.error)) for error in errors)
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            report.errors.extend((row.number + 1, f"{column}: {message}") for message in messages)
    return report


def _cited(citations_path):
    """{membership key: [announcement, ...]}: what the citations file says supports each membership."""
    cited = {}
    if not citations_path.exists():
        return cited
    dataset = read_dataset(citations_path)
    alliances = dict(Alliance.objects.values_list("slug", "pk"))
    organizations = dict(Organization.objects.values_list("slug", "pk"))
    announcements = Announcement.objects.in_bulk(field_name="slug")
    for row in dataset.dict:
        if (row["stance"] or Stance.SUPPORTS) != Stance.SUPPORTS or row["announcement"] not in announcements:
            continue
        try:
            start = parse_span(row["start"]).edtf
        except DateTextError:
            continue  # the citations file reports it
        key = membership_key(
            alliances.get(row["alliance"]), organizations.get(row["organization"]), row["country"].upper(), start
        )
        cited.setdefault(key, []).append(announcements[row["announcement"]])
    return cited


def _sourcing_check(paths, root):
    """The register's rule beyond the admin's: each published membership of the files cites, in support,
    a published source with its address and publisher, and quotes the sentence it rests on."""
    memberships = next((path for path in paths if path.name == "memberships.csv"), None)
    if memberships is None:
        return []
    citations = memberships.parent / "citations.csv"
    quoted = {}
    if citations.exists():
        sources = {
            slug: (status, url, publisher)
            for slug, status, url, publisher in Announcement.objects.values_list(
                "slug", "status", "source_url", "publisher"
            )
        }
        for row in read_dataset(citations).dict:
            status, url, publisher = sources.get(row["announcement"], ("", "", ""))
            if (
                (row["stance"] or Stance.SUPPORTS) == Stance.SUPPORTS
                and row["quotation"].strip()
                and status == Status.PUBLISHED
                and url
                and publisher
            ):
                quoted[_row_key(row)] = True
    report = FileReport(path=str(memberships.relative_to(root.parent)))
    for line, row in enumerate(read_dataset(memberships).dict, 2):
        if row["status"] == Status.PUBLISHED and _row_key(row) not in quoted:
            report.errors.append(
                (
                    line,
                    "A published membership needs a supporting citation (citations.csv) with a quotation, "
                    "of a published source with its address and publisher.",
                )
            )
    return [report] if report.errors else []


def _row_key(row):
    return (row["alliance"], row["organization"], row["country"].upper(), row["start"].strip())


def _country_names_sync(paths, root):
    """Countries named as readers know them: the stored English name follows django-countries
    (with settings.COUNTRIES_OVERRIDE: "Nauru", not "Naoero"), unless someone renamed it since."""
    report = FileReport(path="countries (django-countries)")
    with translation.override("en"):
        names = {code: str(name) for code, name in countries}
    for country in Country.objects.all():
        wanted = names.get(country.code)
        if not wanted or country.name == wanted:
            continue
        if written_by_a_person(latest_version(country.history)):
            report.kept.append((0, country, ["name"]))
            continue
        country.name = wanted
        record_save(record=country, reason=loader_reason("countries"))
        report.updated += 1
    return [report] if report.updated or report.kept else []


# Export: the database back to the files, so a curator's fix in the admin becomes a reviewable diff.


def register_export(*, root=REGISTER_DIR, folders=None):
    """Write `folders` (names; all of them when None) from the database; return the paths written."""
    root = Path(root)
    existing = {path.name for path in register_folders(root)} if root.exists() else set()
    names = folders or sorted(existing | set(Alliance.objects.values_list("slug", flat=True)))
    homes = _homes(_owners(root, existing))
    written = []
    for name in names:
        folder = root / name
        for file_name, (resource_class, records) in _folder_records(name, homes).items():
            path = folder / file_name
            if not records and not path.exists():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            _write_csv(path, resource_class().export(records), resource_class)
            written.append(path)
    return written


def _owners(root, folders):
    """{(model, slug): folder} for the organizations and announcements the files hold now."""
    owners = {}
    for folder in folders:
        for model, file_name in ((Organization, "organizations.csv"), (Announcement, "announcements.csv")):
            path = root / folder / file_name
            if path.exists():
                for row in read_dataset(path).dict:
                    owners[(model, row["slug"])] = folder
    return owners


def _homes(owners):
    """{(model, slug): folder} for every organization and announcement: where its file holds it, or,
    for one the files do not hold yet, the one body it concerns (rankings/ for a ranking's source), else shared/."""
    concerns = {}
    for slug, body in Membership.objects.filter(organization__isnull=False).values_list(
        "organization__slug", "alliance__slug"
    ):
        concerns.setdefault((Organization, slug), set()).add(body)
    lookups = ("alliances__slug", "memberships__alliance__slug", "reported_sizes__alliance__slug")
    for lookup in (*lookups, "founding_claims__alliance__slug"):
        for slug, body in Announcement.objects.filter(**{f"{lookup}__isnull": False}).values_list("slug", lookup):
            concerns.setdefault((Announcement, slug), set()).add(body)
    for slug in Announcement.objects.filter(rankings__isnull=False).values_list("slug", flat=True):
        concerns.setdefault((Announcement, slug), set()).add(RANKINGS)
    homes = {}
    for model in (Organization, Announcement):
        for slug in model.objects.values_list("slug", flat=True):
            bodies = concerns.get((model, slug), set())
            homes[(model, slug)] = owners.get((model, slug)) or (next(iter(bodies)) if len(bodies) == 1 else SHARED)
    return homes


def _folder_records(name, homes):
    """{file name: (resource class, records in file order)} of one folder, from the database."""
    memberships = sorted(
        Membership.objects.filter(alliance__slug=name).select_related("alliance", "organization"), key=_membership_order
    )
    order = {membership.pk: index for index, membership in enumerate(memberships)}
    citations = MembershipSource.objects.filter(membership__alliance__slug=name).select_related(
        "membership__alliance", "membership__organization", "announcement", "group_source"
    )
    organizations = [o for o in Organization.objects.order_by("slug") if homes[(Organization, o.slug)] == name]
    announcements = [a for a in Announcement.objects.order_by("date", "slug") if homes[(Announcement, a.slug)] == name]
    rankings = Ranking.objects.select_related("source") if name == RANKINGS else Ranking.objects.none()
    return {
        BODY_FILE: (AllianceResource, list(Alliance.objects.filter(slug=name))),
        "alliance_names.csv": (AllianceNameResource, list(AllianceName.objects.filter(alliance__slug=name))),
        "organizations.csv": (LoadedOrganizationResource, organizations),
        "organization_names.csv": (
            OrganizationNameResource,
            list(
                OrganizationName.objects.filter(organization__in=organizations).order_by("organization__slug", "name")
            ),
        ),
        "announcements.csv": (LoadedAnnouncementResource, announcements),
        "founding_claims.csv": (
            FoundingClaimResource,
            list(FoundingClaim.objects.filter(alliance__slug=name).order_by("founded_earliest", "source__slug")),
        ),
        "memberships.csv": (LoadedMembershipResource, memberships),
        "citations.csv": (
            CitationResource,
            sorted(citations, key=lambda c: (order[c.membership_id], c.announcement.date, c.announcement.slug)),
        ),
        "reported_sizes.csv": (
            ReportedSizeResource,
            list(ReportedSize.objects.filter(alliance__slug=name).order_by("as_of_latest", "source__slug")),
        ),
        "rankings.csv": (
            RankingResource,
            sorted(rankings, key=lambda r: (r.index_name, r.edition_year or 0, r.rank, r.country_id)),
        ),
    }


def _membership_order(membership):
    member = f"0{membership.country_id}" if membership.country_id else f"1{membership.organization.slug}"
    return (membership.start_latest, member, membership.pk)


def _write_csv(path, dataset, resource_class):
    """Write the dataset; columns this code does not know (a file may be ahead of it) keep the file's values."""
    headers = list(dataset.headers)
    rows = [dict(zip(headers, row, strict=True)) for row in dataset]
    old = read_dataset(path) if path.exists() else None
    old_headers = old.headers if old is not None else []
    # A column the file does not have yet stays out while no row needs it, so exporting what was loaded writes
    # the same file: one whose every value is what the loader assumes without it, or an optional one no row uses.
    assumed = getattr(resource_class, "defaults_when_absent", {}) if old is not None else {}
    for column in [*assumed, *getattr(resource_class, "optional_columns", ())]:
        value = assumed.get(column, "")
        if column in headers and column not in old_headers and all((row.get(column) or "") == value for row in rows):
            headers.remove(column)
    if old is not None:
        extra = [column for column in old.headers if column not in headers]
        if extra:
            key_columns = [resource_class().fields[name].column_name for name in resource_class._meta.import_id_fields]
            by_key = {tuple(row[c] for c in key_columns): row for row in old.dict}
            for row in rows:
                kept = by_key.get(tuple(str(row[c] or "") for c in key_columns), {})
                row.update({column: kept.get(column, "") for column in extra})
            headers = [column for column in old.headers if column in headers or column in extra] + [
                column for column in headers if column not in old.headers
            ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(column) is None else row.get(column) for column in headers])
