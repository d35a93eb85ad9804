package io.kubetrace.model;

import java.io.Serializable;

/**
 * One key-value attribute of a span or span event. The value is kept as text with its type, so one
 * record type serves strings, integers and booleans without generic serialization.
 *
 * @param key the attribute key, such as {@code audit.verb}
 * @param type the value type
 * @param value the value as text: a decimal for {@link AttributeType#LONG}, {@code true} or {@code
 *     false} for {@link AttributeType#BOOLEAN}
 */
public record SpanAttribute(String key, AttributeType type, String value) implements Serializable {

    public static SpanAttribute of(String key, String value) {
        return new SpanAttribute(key, AttributeType.STRING, value);
    }

    public static SpanAttribute of(String key, long value) {
        return new SpanAttribute(key, AttributeType.LONG, Long.toString(value));
    }

    public static SpanAttribute of(String key, boolean value) {
        return new SpanAttribute(key, AttributeType.BOOLEAN, Boolean.toString(value));
    }
}
