"""The trust's shared provider tables on the server: a school changes them only in ways that
keep every other school's placements as they are.

A school's staff add and update providers, sites and checks (a trigger keeps the columns
that tie rows together to the trust's AP lead: ``server_security``), and may not delete
them. Taking a site off a provider goes through ``flexidesk.remove_provider_site``: it is
refused while any other school's placement uses the site, and otherwise unlinks only the
calling school's ended placements before the site goes.
"""

from __future__ import annotations

import peewee

from flexidesk.store.server_security import OWNER_ROLE, SCHEMA, SQL_PATH, role_group

S = SCHEMA

_REMOVE_SITE = f"""
    DECLARE school int; other int;
    BEGIN
      IF {S}.is_member(session_user, '{OWNER_ROLE}') THEN
        school := coalesce({S}.session_school(), 0);
      ELSIF {S}.is_member(session_user, '{role_group("trust_ap_lead")}') THEN
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
      PERFORM set_config('flexidesk.verb', 'provider_site.delete', true);
      DELETE FROM public.placement_site ps WHERE ps.site_id = site AND ps.school_id = school;
      UPDATE public.placement p SET site_id = NULL WHERE p.site_id = site
        AND p.school_id = school;
      DELETE FROM public.provider_site s WHERE s.id = site;
      PERFORM set_config('flexidesk.verb', '', true);
    END"""


def install(database: peewee.Database) -> None:
    """The shared tables' function (as owner; idempotent)."""
    database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.remove_provider_site(site int) "
                         f"RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SQL_PATH} "
                         f"AS $f$ {_REMOVE_SITE} $f$")
    database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.remove_provider_site(int) FROM PUBLIC")
    database.execute_sql(f"GRANT EXECUTE ON FUNCTION {S}.remove_provider_site(int) "
                         "TO flexidesk_app")


def remove_site(database: peewee.Database, site_id: int) -> None:
    """Take a site off its provider, as the session's school may (see the module's note)."""
    database.execute_sql(f"SELECT {S}.remove_provider_site(%s)", (site_id,))
