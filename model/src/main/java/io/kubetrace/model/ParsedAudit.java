package io.kubetrace.model;

/**
 * What an audit source produces for each event it reads: the parsed record, or the reason the input
 * could not be used. Sources emit both on one stream so that every input is counted in order, and
 * the first operator splits rejections off to their own output.
 *
 * @param record the parsed event, {@code null} when rejected
 * @param rejection why the input was rejected, {@code null} when parsed
 */
public record ParsedAudit(AuditRecord record, Rejection rejection) {

    public static ParsedAudit parsed(AuditRecord record) {
        return new ParsedAudit(record, null);
    }

    public static ParsedAudit rejected(Rejection rejection) {
        return new ParsedAudit(null, rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }

    /** Event time in epoch milliseconds; a rejection has none, so it never moves the watermark. */
    public long eventTimeMillis() {
        return record == null ? Long.MIN_VALUE : record.eventTimeMillis();
    }
}
