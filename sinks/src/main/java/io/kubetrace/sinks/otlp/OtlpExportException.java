package io.kubetrace.sinks.otlp;

/** The receiver refused spans for good; the job fails with this unless told to drop them. */
public final class OtlpExportException extends Exception {

    private static final long serialVersionUID = 1L;

    OtlpExportException(String message) {
        super(message);
    }
}
