package dev.tributary.sink.schema;

/** Two schemas of one topic cannot be written to one object; the writer starts another object. */
public class SchemaConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaConflictException(String message) {
        super(message);
    }
}
