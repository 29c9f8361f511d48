-- Tributary's database side, installed once per database by its owner (or an rds_superuser):
--
--   psql "host=... dbname=pagila user=postgres sslmode=require" -f infra/sql/install.sql
--
-- It creates schema tributary with three functions, and changes nothing else until they are called:
--
--   SELECT tributary.track_changes('public.address');               -- a last_update column, trigger and index
--   SELECT tributary.track_changes('sales.orders', 'changed_at');   -- another column name
--   SELECT tributary.track_changes(c.oid::regclass)                  -- every table of a schema
--     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
--    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p');
--   SELECT tributary.untrack_changes('public.address');             -- the trigger goes, the column stays
--   SELECT tributary.grant_capture('tributary_poller', ARRAY['public']);
--
-- Running this file again replaces the functions; tables already tracked keep their triggers.

CREATE SCHEMA IF NOT EXISTS tributary;
COMMENT ON SCHEMA tributary IS 'Tributary change capture: functions that track changes and grant the poller access';

-- The trigger function every tracked table shares: it stamps the row with the time of its transaction.
-- now() (not clock_timestamp()) is deliberate: a row is never stamped earlier than the start of the transaction that
-- writes it, which is what the poller's in-flight guard (pg_stat_activity's xact_start) relies on, and every row of
-- one transaction gets the same stamp.
CREATE OR REPLACE FUNCTION tributary.stamp_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0] names the column; jsonb_populate_record assigns a column chosen at run time.
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now()));
    RETURN NEW;
END
$$;

-- Makes a table capturable in timestamp mode: adds the change-time column if missing (timestamptz NOT NULL,
-- existing rows stamped with the time of the installation), a trigger that sets it on every INSERT and UPDATE, and
-- (optionally) an index on the column and the primary key, which the poller's keyset pagination reads in order.
-- The index is built in this transaction: on a large, busy table pass create_index => false and build it with
-- the CREATE INDEX CONCURRENTLY statement this function prints.
CREATE OR REPLACE FUNCTION tributary.track_changes(target regclass, column_name name DEFAULT 'last_update',
        create_index boolean DEFAULT true) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    existing_type text;
    key_columns text;
    trigger_name name := left('tributary_stamp_' || column_name, 63);
    index_name name := left(regexp_replace((SELECT relname FROM pg_class WHERE oid = target), '\W', '_', 'g')
                            || '_' || column_name || '_tributary_idx', 63);
    index_sql text;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = target) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'Cannot track changes of % because it is not a table', target
            USING ERRCODE = 'wrong_object_type';
    END IF;
    SELECT format_type(a.atttypid, a.atttypmod) INTO existing_type
      FROM pg_attribute a WHERE a.attrelid = target AND a.attname = column_name AND NOT a.attisdropped;
    IF existing_type IS NULL THEN
        EXECUTE format('ALTER TABLE %s ADD COLUMN %I timestamptz NOT NULL DEFAULT now()', target, column_name);
    ELSIF existing_type NOT IN ('timestamp with time zone', 'timestamp without time zone')
          AND existing_type NOT LIKE 'timestamp(_) with%' THEN
        RAISE EXCEPTION 'Cannot track changes of % in column % because it is of type %, not a timestamp',
            target, column_name, existing_type USING ERRCODE = 'datatype_mismatch';
    ELSIF EXISTS (SELECT FROM pg_attribute WHERE attrelid = target AND attname = column_name AND NOT attnotnull) THEN
        RAISE NOTICE 'Column % of % is nullable: rows where it is NULL are never captured (the poller refuses it'
            ' unless validate-non-null is false); consider ALTER TABLE % ALTER COLUMN % SET NOT NULL',
            column_name, target, target, quote_ident(column_name);
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trigger_name, target);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION'
                   ' tributary.stamp_change(%L)', trigger_name, target, column_name);

    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ordinality) INTO key_columns
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = target AND i.indisprimary;
    index_sql := format('%I ON %s (%I%s)', index_name, target, column_name, coalesce(', ' || key_columns, ''));
    IF create_index THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS ' || index_sql;
    ELSE
        RAISE NOTICE 'Build the index the poller reads with: CREATE INDEX CONCURRENTLY IF NOT EXISTS %', index_sql;
    END IF;
    RETURN format('%s: %I set by trigger %I', target, column_name, trigger_name);
END
$$;

-- Stops stamping a table's changes: the trigger goes; the column and its index stay, since queries may use them.
CREATE OR REPLACE FUNCTION tributary.untrack_changes(target regclass, column_name name DEFAULT 'last_update')
        RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', left('tributary_stamp_' || column_name, 63), target);
END
$$;

-- What the poller's database role needs, and no more: connecting, reading the schemas' tables (those created
-- later too), and reading other sessions' transaction start in pg_stat_activity (pg_read_all_stats), which the
-- in-flight guard uses so that a row committed late is not skipped. Without that last grant the poller warns and
-- relies on timestamp-delay alone. The role is made read-only by default. The role must exist (CREATE ROLE ...
-- LOGIN, with its password kept in the Secrets Manager secret the poller reads); default privileges apply to tables
-- later created by the role that calls this function.
CREATE OR REPLACE FUNCTION tributary.grant_capture(role_name name, schemas text[] DEFAULT ARRAY['public'])
        RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    schema_name text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
        RAISE EXCEPTION 'Cannot grant capture to role % because it does not exist: CREATE ROLE % LOGIN first',
            role_name, quote_ident(role_name) USING ERRCODE = 'undefined_object';
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role_name);
    FOREACH schema_name IN ARRAY schemas LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, role_name);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', schema_name, role_name);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', schema_name, role_name);
    END LOOP;
    EXECUTE format('GRANT pg_read_all_stats TO %I', role_name);
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', role_name);
END
$$;
