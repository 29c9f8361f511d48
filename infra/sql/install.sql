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
-- and, for sources with deletes: {capture: log}, a delete log:
--
--   SELECT tributary.capture_deletes('public.address');             -- logs each deleted row's primary key
--   SELECT tributary.capture_deletes('public.film_actor', ARRAY['actor_id', 'film_id']);   -- other columns
--   SELECT tributary.uncapture_deletes('public.address');           -- the triggers go, logged deletes stay
--   SELECT tributary.forget_delete_reader('app', 'public.address'); -- a source removed: its position goes
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

-- A table's primary key columns, in key order; NULL when it has none.
CREATE OR REPLACE FUNCTION tributary.primary_key(target regclass) RETURNS name[]
    LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname ORDER BY k.ordinality)
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = target AND i.indisprimary;
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

    SELECT string_agg(quote_ident(c), ', ' ORDER BY n) INTO key_columns
      FROM unnest(tributary.primary_key(target)) WITH ORDINALITY AS k(c, n);
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

-- The delete log: one entry per deleted row of a table whose deletes are captured, with the row's key columns.
-- deleted_at is the time of the DELETE itself (clock_timestamp() as its statement ends; never earlier than its
-- transaction's start, as the in-flight guard needs). It is later than the change time of every version of the row
-- (those committed before the DELETE could lock the row) and earlier than that of any row inserted again with the
-- key by a transaction that starts after it; a transaction that started before it and inserts the key again commits
-- before the poller reads the entry (the in-flight guard holds the entry back until then), and the poller does not
-- produce a delete for a key that exists again when it reads the entry.
CREATE TABLE IF NOT EXISTS tributary.delete_log (
    id bigserial PRIMARY KEY,
    relation regclass NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    key jsonb NOT NULL
);
COMMENT ON TABLE tributary.delete_log IS 'Keys of deleted rows, read by Tributary''s poller and pruned once every'
    ' reader has passed them';
CREATE INDEX IF NOT EXISTS delete_log_position ON tributary.delete_log (relation, deleted_at, id);

-- Which tables log their deletes, and which columns each entry holds.
CREATE TABLE IF NOT EXISTS tributary.delete_capture (
    relation regclass PRIMARY KEY,
    key_columns name[] NOT NULL
);

-- Where each reader (a source of a pipeline) has read a table's log up to, as the (deleted_at, id) of the last entry
-- it delivered: entries every reader has passed go.
CREATE TABLE IF NOT EXISTS tributary.delete_log_readers (
    relation regclass NOT NULL,
    reader text NOT NULL,
    position timestamptz NOT NULL,
    position_id bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (relation, reader)
);

-- The key columns (TG_ARGV) of the rows of a relation alias as jsonb, for an INSERT INTO the log.
CREATE OR REPLACE FUNCTION tributary.key_json(columns text[], alias text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT 'jsonb_build_object(' || string_agg(format('%L, %I.%I', c, alias, c), ', ' ORDER BY n) || ')'
      FROM unnest(columns) WITH ORDINALITY AS k(c, n);
$$;

-- The statement trigger of DELETE: appends every deleted row's key columns (TG_ARGV) to the log in one INSERT, from
-- the statement's transition table. SECURITY DEFINER: the application's roles delete rows without any privilege on
-- schema tributary.
CREATE OR REPLACE FUNCTION tributary.log_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO tributary.delete_log (relation, key) SELECT $1, %s FROM tributary_deleted AS o',
                   tributary.key_json(TG_ARGV, 'o'))
        USING TG_RELID;
    RETURN NULL;
END
$$;

-- The statement trigger of TRUNCATE, which removes rows without row triggers: every key is logged before it does.
CREATE OR REPLACE FUNCTION tributary.log_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO tributary.delete_log (relation, key) SELECT $1, %s FROM %s AS o',
                   tributary.key_json(TG_ARGV, 'o'), TG_RELID::regclass)
        USING TG_RELID;
    RETURN NULL;
END
$$;

-- Logs the deletes of a table (and TRUNCATE): the key columns default to the primary key.
CREATE OR REPLACE FUNCTION tributary.capture_deletes(target regclass, key_columns name[] DEFAULT NULL)
        RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    columns name[] := key_columns;
    missing name;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = target) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'Cannot capture deletes of % because it is not a table', target
            USING ERRCODE = 'wrong_object_type';
    END IF;
    IF columns IS NULL THEN
        columns := tributary.primary_key(target);
        IF columns IS NULL THEN
            RAISE EXCEPTION 'Cannot capture deletes of % because it has no primary key; name the columns that'
                ' identify a row: SELECT tributary.capture_deletes(''%'', ARRAY[''id''])', target, target
                USING ERRCODE = 'invalid_table_definition';
        END IF;
    END IF;
    SELECT c INTO missing FROM unnest(columns) AS c
     WHERE NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = target AND attname = c AND NOT attisdropped)
     LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'Cannot capture deletes of % by column % because there is no such column', target, missing
            USING ERRCODE = 'undefined_column';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS tributary_log_delete ON %s', target);
    EXECUTE format('DROP TRIGGER IF EXISTS tributary_log_truncate ON %s', target);
    EXECUTE format('CREATE TRIGGER tributary_log_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS'
                   ' tributary_deleted FOR EACH STATEMENT EXECUTE FUNCTION tributary.log_delete(%s)', target,
                   (SELECT string_agg(quote_literal(c), ', ') FROM unnest(columns) AS c));
    EXECUTE format('CREATE TRIGGER tributary_log_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE'
                   ' FUNCTION tributary.log_truncate(%s)', target,
                   (SELECT string_agg(quote_literal(c), ', ') FROM unnest(columns) AS c));
    INSERT INTO tributary.delete_capture (relation, key_columns) VALUES (target, columns)
        ON CONFLICT (relation) DO UPDATE SET key_columns = EXCLUDED.key_columns;
    RETURN format('%s: deletes logged by key %s', target, array_to_string(columns, ', '));
END
$$;

-- Stops logging a table's deletes; entries already logged are still read and pruned.
CREATE OR REPLACE FUNCTION tributary.uncapture_deletes(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS tributary_log_delete ON %s', target);
    EXECUTE format('DROP TRIGGER IF EXISTS tributary_log_truncate ON %s', target);
    DELETE FROM tributary.delete_capture WHERE relation = target;
END
$$;

-- Called by the poller once its mark has passed log entries: records the reader's position and removes the
-- entries of the table that every reader has passed. A reader that never moved holds every entry back; forget a
-- removed source with tributary.forget_delete_reader.
CREATE OR REPLACE FUNCTION tributary.prune_deletes(reader_name text, target regclass, reader_position timestamptz,
        reader_entry bigint DEFAULT 0) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    oldest record;
    pruned bigint;
BEGIN
    -- A NULL position registers the reader (before its first read) without moving a position it has.
    INSERT INTO tributary.delete_log_readers AS r (relation, reader, position, position_id)
    VALUES (target, reader_name, coalesce(reader_position, '-infinity'), coalesce(reader_entry, 0))
        ON CONFLICT (relation, reader) DO UPDATE
        SET position = coalesce(reader_position, r.position),
            position_id = CASE WHEN reader_position IS NULL THEN r.position_id ELSE coalesce(reader_entry, 0) END,
            updated_at = now();
    SELECT position, position_id INTO oldest FROM tributary.delete_log_readers WHERE relation = target
     ORDER BY position, position_id LIMIT 1;
    DELETE FROM tributary.delete_log
     WHERE relation = target AND (deleted_at, id) <= (oldest.position, oldest.position_id);
    GET DIAGNOSTICS pruned = ROW_COUNT;
    RETURN pruned;
END
$$;

-- A reader that reads no more (its source removed from the pipeline) no longer holds entries back.
CREATE OR REPLACE FUNCTION tributary.forget_delete_reader(reader_name text, target regclass) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DELETE FROM tributary.delete_log_readers WHERE relation = target AND reader = reader_name;
$$;

-- Functions run as their owner: only the roles granted them may call them.
REVOKE EXECUTE ON FUNCTION tributary.prune_deletes(text, regclass, timestamptz, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION tributary.forget_delete_reader(text, regclass) FROM PUBLIC;

-- What the poller's database role needs, and no more: connecting, reading the schemas' tables (those created
-- later too), and reading other sessions' transaction start in pg_stat_activity (pg_read_all_stats), which the
-- in-flight guard uses so that a row committed late is not skipped. Without that last grant the poller warns and
-- relies on timestamp-delay alone; reading the delete log, and pruning it through tributary.prune_deletes (the one
-- transaction the poller makes read-write). The role is made read-only by default. The role must exist (CREATE ROLE ...
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
    EXECUTE format('GRANT USAGE ON SCHEMA tributary TO %I', role_name);
    EXECUTE format('GRANT SELECT ON tributary.delete_log, tributary.delete_capture TO %I', role_name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION tributary.prune_deletes(text, regclass, timestamptz, bigint) TO %I',
                   role_name);
    EXECUTE format('GRANT pg_read_all_stats TO %I', role_name);
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', role_name);
END
$$;
