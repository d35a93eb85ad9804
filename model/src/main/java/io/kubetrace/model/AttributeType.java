package io.kubetrace.model;

/** The value type of a span attribute, as OTLP and Jaeger distinguish them. */
public enum AttributeType {
    STRING,
    LONG,
    BOOLEAN
}
