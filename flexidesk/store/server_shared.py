"""The trust's shared provider tables on the server: a school changes them only in ways that
keep every other school's placements as they are.

The checks, sites and provider details one school's placement relies on are one trust
record, which every school reads. A school's staff may add a provider, a site, a check or a
checklist item, but may change no shared row directly (no UPDATE: nor, then, may they lock
the table against other schools). They change one through ``flexidesk.shared_update``, and
a guard on the tables refuses any change, however made, to a row that another school's
current (planned or active) placement relies on: its provider's details and checks, its
site, or the trust's checklist itself. Such a row is the trust's AP lead's to change. The
key columns that tie rows together stay the AP lead's alone (``server_security``).

Taking a site off a provider goes through ``flexidesk.remove_provider_site``: refused while
any other school's placement uses the site, or any current placement of the school's own;
a site that the school's ended placements name is retired (kept as their history, no longer
offered), and one nobody used is deleted.
"""

from __future__ import annotations

import json
from typing import Any

import peewee

from flexidesk.store.server_audit import IMPORTING
from flexidesk.store.server_security import OWNER_ROLE, SCHEMA, SQL_PATH, role_group

S = SCHEMA
AP_LEAD = role_group("trust_ap_lead")
#: SQLSTATEs of the refusals: another school's current placement relies on the row; a
#: current placement of the school's own uses the site being removed.
RELIED_ON = "FDS01"
IN_USE = "FDS02"
#: The shared tables and, for the guard, what another school's placement relies on in each.
GUARDED = {"provider": "BEFORE UPDATE", "provider_site": "BEFORE UPDATE",
           "due_diligence_item": "BEFORE INSERT OR UPDATE",
           "checklist_template_item": "BEFORE INSERT OR UPDATE"}
_TABLES = ", ".join(f"'{t}'" for t in GUARDED)
_CURRENT = "p.status IN ('planned', 'active')"
_AT_SITE = ("(p.site_id = {site} OR EXISTS (SELECT 1 FROM public.placement_site ps "
            "WHERE ps.placement_id = p.id AND ps.site_id = {site}))")

_GUARD = f"""
    DECLARE school int; other int; row_j jsonb := to_jsonb(NEW); prov int; site int;
    BEGIN
      IF {IMPORTING} OR {S}.is_member(session_user, '{OWNER_ROLE}')
         OR {S}.is_member(session_user, '{AP_LEAD}') THEN
        RETURN NEW;
      END IF;
      school := coalesce(({S}.schools_of(session_user))[1], 0);
      IF TG_TABLE_NAME = 'provider' THEN prov := (row_j->>'id')::int;
      ELSIF TG_TABLE_NAME = 'provider_site' THEN site := (row_j->>'id')::int;
      ELSIF TG_TABLE_NAME = 'due_diligence_item' THEN prov := (row_j->>'provider_id')::int;
      END IF;  -- the checklist: every placement relies on it
      -- Take the provider's row before looking: a placement made current (or moved) there
      -- takes it too (keep_provider_steady), so the two cannot pass each other unseen.
      PERFORM 1 FROM public.provider v
      WHERE v.id = coalesce(prov, (SELECT s.provider_id FROM public.provider_site s
                                   WHERE s.id = site))
      FOR UPDATE;
      SELECT min(p.school_id) INTO other FROM public.placement p
      WHERE {_CURRENT} AND p.school_id <> school AND (prov IS NULL OR p.provider_id = prov)
        AND (site IS NULL OR {_AT_SITE.format(site="site")});
      IF other IS NOT NULL THEN
        RAISE EXCEPTION 'FlexiDesk: another school''s current placement relies on this % '
          'row: the trust''s AP lead changes it', TG_TABLE_NAME USING ERRCODE = '{RELIED_ON}';
      END IF;
      RETURN NEW;
    END"""

#: On a placement made current, or moved to another provider or site: hold the provider's
#: row (shared) until the transaction ends, so the guard above waits for it and then sees it.
_STEADY = """
    BEGIN
      IF NEW.status IN ('planned', 'active') AND (TG_OP = 'INSERT'
          OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.provider_id IS DISTINCT FROM NEW.provider_id
          OR OLD.site_id IS DISTINCT FROM NEW.site_id) THEN
        PERFORM 1 FROM public.provider v WHERE v.id = NEW.provider_id FOR SHARE;
      END IF;
      RETURN NEW;
    END"""

_UPDATE = f"""
    DECLARE stored text; sets text; bad text;
    BEGIN
      IF NOT ({S}.is_member(session_user, '{OWNER_ROLE}')
              OR {S}.is_member(session_user, '{AP_LEAD}')
              OR ({S}.holds_as(session_user, 'provider.edit')
                  AND {S}.writable_as(session_user) IS NOT NULL)) THEN
        RAISE EXCEPTION 'FlexiDesk: this login may not change the provider register'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF tbl IS NULL OR tbl NOT IN ({_TABLES}) THEN
        RAISE EXCEPTION 'FlexiDesk: not one of the trust''s shared tables'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT min(k) INTO bad FROM jsonb_object_keys(coalesce(fields, '{{}}')) k
      WHERE k = 'id' OR NOT EXISTS (SELECT 1 FROM pg_attribute a
        WHERE a.attrelid = ('public.' || quote_ident(tbl))::regclass AND a.attname = k
          AND a.attnum > 0 AND NOT a.attisdropped);
      IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'FlexiDesk: % is not a column of % one may set', bad, tbl
          USING ERRCODE = 'undefined_column';
      END IF;
      EXECUTE format('SELECT md5(to_jsonb(t)::text) FROM public.%I t WHERE t.id = $1 '
                     'FOR UPDATE', tbl) INTO stored USING rec;
      IF stored IS NULL THEN
        RAISE EXCEPTION 'FlexiDesk: no such row' USING ERRCODE = 'no_data_found';
      END IF;
      IF expected IS NOT NULL AND expected <> stored THEN
        RAISE EXCEPTION 'FlexiDesk: the row was changed meanwhile'
          USING ERRCODE = 'serialization_failure';
      END IF;
      SELECT string_agg(format('%I = r.%I', k, k), ', ') INTO sets
      FROM jsonb_object_keys(coalesce(fields, '{{}}')) k;
      IF sets IS NOT NULL THEN
        EXECUTE format('UPDATE public.%1$I t SET %2$s FROM jsonb_populate_record('
                       'NULL::public.%1$I, $2) r WHERE t.id = $1', tbl, sets)
          USING rec, fields;
      END IF;
    END"""

_REMOVE_SITE = f"""
    DECLARE school int; other int;
    BEGIN
      IF {S}.is_member(session_user, '{OWNER_ROLE}') THEN
        school := coalesce({S}.session_school(), 0);
      ELSIF {S}.is_member(session_user, '{AP_LEAD}') THEN
        school := 0;  -- writes in no school: only a site no school's placement uses
      ELSIF {S}.holds_as(session_user, 'provider.edit') THEN
        school := {S}.writable_as(session_user);
      END IF;
      IF school IS NULL THEN
        RAISE EXCEPTION 'FlexiDesk: this login may not change the provider register'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT min(x.school_id) INTO other FROM (
        SELECT p.school_id FROM public.placement p WHERE p.site_id = site
        UNION SELECT ps.school_id FROM public.placement_site ps WHERE ps.site_id = site) x
      WHERE x.school_id <> school;
      IF other IS NOT NULL THEN
        RAISE EXCEPTION 'FlexiDesk: another school''s placement uses this site'
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF EXISTS (SELECT 1 FROM public.placement p WHERE p.school_id = school AND {_CURRENT}
                 AND {_AT_SITE.format(site="site")}) THEN
        RAISE EXCEPTION 'FlexiDesk: a current placement uses this site'
          USING ERRCODE = '{IN_USE}';
      END IF;
      IF EXISTS (SELECT 1 FROM public.placement p WHERE p.site_id = site)
         OR EXISTS (SELECT 1 FROM public.placement_site ps WHERE ps.site_id = site) THEN
        -- ended placements name it: it stays as their history, no longer offered
        PERFORM set_config('flexidesk.verb', 'provider_site.retire', true);
        UPDATE public.provider_site s SET active = false WHERE s.id = site;
      ELSE
        PERFORM set_config('flexidesk.verb', 'provider_site.delete', true);
        DELETE FROM public.provider_site s WHERE s.id = site;
      END IF;
      PERFORM set_config('flexidesk.verb', '', true);
    END"""

_FUNCTIONS = {
    "remove_provider_site(site int) RETURNS void": _REMOVE_SITE,
    "shared_update(tbl text, rec int, fields jsonb, expected text) RETURNS void": _UPDATE,
}


def install(database: peewee.Database) -> None:
    """The shared tables' functions and guard (as owner; idempotent)."""
    for signature, body in _FUNCTIONS.items():
        name = signature.split(" RETURNS")[0]
        database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.{signature} LANGUAGE plpgsql "
                             f"SECURITY DEFINER {SQL_PATH} AS $f$ {body} $f$")
        types = ", ".join(p.split()[-1] for p in name[name.index("(") + 1:-1].split(","))
        callable_ = f"{S}.{name.split('(')[0]}({types})"
        database.execute_sql(f"REVOKE ALL ON FUNCTION {callable_} FROM PUBLIC")
        database.execute_sql(f"GRANT EXECUTE ON FUNCTION {callable_} TO flexidesk_app")
    database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.keep_shared_rows() RETURNS trigger "
                         f"LANGUAGE plpgsql SECURITY DEFINER {SQL_PATH} AS $f$ {_GUARD} $f$")
    database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.keep_shared_rows() FROM PUBLIC")
    database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.keep_provider_steady() RETURNS "
                         f"trigger LANGUAGE plpgsql SECURITY DEFINER {SQL_PATH} "
                         f"AS $f$ {_STEADY} $f$")
    database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.keep_provider_steady() FROM PUBLIC")
    database.execute_sql("DROP TRIGGER IF EXISTS keep_provider_steady ON public.placement")
    database.execute_sql("CREATE TRIGGER keep_provider_steady BEFORE INSERT OR UPDATE ON "
                         f"public.placement FOR EACH ROW EXECUTE FUNCTION "
                         f"{S}.keep_provider_steady()")
    for table, when in GUARDED.items():
        database.execute_sql(f"DROP TRIGGER IF EXISTS keep_shared_rows ON public.{table}")
        database.execute_sql(f"CREATE TRIGGER keep_shared_rows {when} ON public.{table} "
                             f"FOR EACH ROW EXECUTE FUNCTION {S}.keep_shared_rows()")


def remove_site(database: peewee.Database, site_id: int) -> None:
    """Take a site off its provider, as the session's school may (see the module's note)."""
    database.execute_sql(f"SELECT {S}.remove_provider_site(%s)", (site_id,))


def stored_with_digest(model: type[peewee.Model], record_id: int) -> tuple[Any, str | None]:
    """A shared row as stored now, and the digest ``shared_update`` compares it with, read
    in one statement (so they cannot disagree): (None, None) when it is gone."""
    if model._meta.table_name not in GUARDED:
        raise ValueError(f"not a shared table: {model._meta.table_name}")
    # peewee names the query's one table "t1"
    row = (model.select(model, peewee.SQL('md5(to_jsonb("t1")::text)').alias("server_digest"))
           .where(model._meta.primary_key == record_id).first())
    return (row, row.server_digest) if row is not None else (None, None)


def update_row(database: peewee.Database, table: str, record_id: int,
               fields: dict[str, Any], expected: str | None) -> None:
    """Change columns of a shared row (column -> value) through the server's function;
    ``expected``: the row's digest as the form read it (None: no check)."""
    database.execute_sql(f"SELECT {S}.shared_update(%s, %s, %s::jsonb, %s)",
                         (table, record_id, json.dumps(fields, default=str), expected))
