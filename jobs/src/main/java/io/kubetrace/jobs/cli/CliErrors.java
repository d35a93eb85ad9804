package io.kubetrace.jobs.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** Turns what went wrong into one line a person can act on. */
final class CliErrors {

    private CliErrors() {}

    static String describe(Throwable exception) {
        Throwable cause = rootCause(exception);
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (cause instanceof FileSystemException fileSystem) {
            return fileSystem.getFile()
                    + ": "
                    + (fileSystem.getReason() == null ? fileSystem : fileSystem.getReason());
        }
        String message = cause.getMessage();
        return message == null ? cause.toString() : message;
    }

    /**
     * Whether the failure is one a user causes and can fix from its message alone (a wrong path, a
     * directory that cannot be written); anything else is a bug and gets its stack trace.
     */
    static boolean isExpected(Throwable exception) {
        Throwable cause = rootCause(exception);
        return cause instanceof UsageException
                || cause instanceof IllegalArgumentException
                || cause instanceof java.io.IOException;
    }

    private static Throwable rootCause(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof IllegalArgumentException || cause instanceof UsageException) {
                return cause;
            }
            cause = cause.getCause();
        }
        return cause;
    }

    /** A mistake in what the user asked for; its message says what to do instead. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
