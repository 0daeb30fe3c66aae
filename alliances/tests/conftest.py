import re
import shutil
from contextlib import contextmanager
from html import unescape

import pytest
from django.db import transaction

from alliances.register_files import BODY_FILE, REGISTER_DIR, register_load

# Enough of the register for a test that needs real records of every model: three bodies (one with founding
# claims), the rankings.
SOME_FOLDERS = ("shared", "ai-alliance-network", "aisi-network", "brics", "rankings")


@pytest.fixture(autouse=True)
def each_request_costs_one(monkeypatch):
    """A request counts one against its rate limit however long it takes: a loaded test machine is no slow page.

    Every test: a throttle test that counts requests must not depend on the machine's speed. The tests
    of a request's cost set `COST_UNIT_MS` themselves.
    """
    from config import ratelimit

    monkeypatch.setattr(ratelimit, "COST_UNIT_MS", 10**9)


def table_rows(html):
    """{the text of a row's first cell: [the texts of its other cells]} of every table row in `html`."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def copy_register_folders(tmp_path, *folders):
    """A copy of some folders of the shipped register, and of every body's own row (any source may name a body)."""
    root = tmp_path / "register"
    for folder in REGISTER_DIR.iterdir():
        if folder.name in folders:
            shutil.copytree(folder, root / folder.name)
        elif (folder / BODY_FILE).exists():
            (root / folder.name).mkdir(parents=True)
            shutil.copy(folder / BODY_FILE, root / folder.name / BODY_FILE)
    return root


def load_register_folders(tmp_path, *folders):
    """Load only some folders of the shipped register: faster than all of it; fails loudly on any error."""
    return assert_loaded(register_load(root=copy_register_folders(tmp_path, *folders)))


def assert_loaded(reports):
    errors = [error for step in reports for error in step.errors]
    assert not errors, errors
    return reports


@contextmanager
def loaded_for_a_while(django_db_blocker, load):
    """Records loaded once for several tests (each runs in a savepoint inside), rolled back after the last."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """The whole shipped register, loaded once for a module's tests; other modules start from an empty one."""
    with loaded_for_a_while(django_db_blocker, the_register_again) as reports:
        yield reports


def the_register_again():
    """The whole shipped register (loaded_again)."""
    return loaded_again("the whole register", lambda: assert_loaded(register_load()))


def the_folders_again(tmp_path, *folders):
    """Some folders of the shipped register (load_register_folders), loaded_again: for a test that reads them."""
    return loaded_again(folders, lambda: load_register_folders(tmp_path, *folders))


_first_loads = {}


def loaded_again(name, load):
    """`load()`'s rows: loaded once a session, then written back as that load wrote them.

    Loading runs every row through the admin import's checks (half a minute for the whole register);
    writing back the tables the load changed, row for row, takes about a second. They are written back
    only onto what the first load found: the same rows in those tables and the same countries (a
    transactional test empties every table, and the next may make the countries again), the only rows a
    load reads. The first load's reports stand for the later ones.
    """
    before = table_contents()
    first = _first_loads.get(name)
    if first and first["found"] == what_a_load_reads(before, first["tables"]):
        with transaction.atomic():
            write_tables(first["tables"])
        return first["reports"]
    reports = load()
    after = table_contents()
    tables = {table: rows for table, rows in after.items() if rows != before[table]}
    _first_loads[name] = {"reports": reports, "tables": tables, "found": what_a_load_reads(before, tables)}
    return reports


def what_a_load_reads(contents, tables):
    """The rows of `tables` in `contents`, and the codes of its countries."""
    from alliances.models import Country

    countries = {row[0] for row in contents[Country._meta.db_table][1]}
    return {table: contents[table] for table in tables}, countries


def table_contents():
    """{table: (its columns, its rows in primary-key order)} of every table of the test database."""
    from django.db import connection

    contents = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            contents[table] = (tuple(column[0] for column in cursor.description), cursor.fetchall())
    return contents


def write_tables(tables):
    """Make each table hold exactly the rows given (inside the caller's transaction), then move the ids past them."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, (columns, rows) in tables.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(quote(column) for column in columns)
                places = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({places})", rows)
        written = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]
        for statement in connection.ops.sequence_reset_sql(no_style(), written):
            cursor.execute(statement)


@pytest.fixture(scope="class")
def some_of_the_register(django_db_setup, django_db_blocker, tmp_path_factory):
    """SOME_FOLDERS of the shipped register, loaded once for a test class."""
    tmp_path = tmp_path_factory.mktemp("register")
    with loaded_for_a_while(django_db_blocker, lambda: the_folders_again(tmp_path, *SOME_FOLDERS)) as reports:
        yield reports


@pytest.fixture(scope="session")
def served_cluster(tmp_path_factory, collected_static):
    """The stacks' database, migrated and holding the bodies their tests read (stacks.served_cluster_folder)."""
    from .stacks import served_cluster_folder

    yield from served_cluster_folder(tmp_path_factory, collected_static)
