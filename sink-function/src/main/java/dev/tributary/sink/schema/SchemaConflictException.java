package dev.tributary.sink.schema;

/**
 * Two schemas of one topic cannot be written to one object. Neither a failure of the call nor a record's rejection:
 * whoever merges schemas catches it where it is thrown and acts on it (the writer starts another object, see
 * {@link SchemaRuns}; schemaless values refuse the record with a Connect data error).
 */
public class SchemaConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaConflictException(String message) {
        super(message);
    }
}
