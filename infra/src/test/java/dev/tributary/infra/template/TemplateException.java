package dev.tributary.infra.template;

/** The template cannot be read or evaluated: a reference to nothing, a malformed function, a missing value. */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
