package io.kubetrace.jobs.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * Every configuration option Flink declares on the classpath: the public static {@link
 * ConfigOption} fields of its {@code *Options} classes, by key, as Flink's own documentation
 * generator finds them.
 */
final class FlinkOptions {

    private static final String FLINK_CLASSES = "org/apache/flink/";
    private static final String CLASS = "Options.class";

    private final Map<String, List<ConfigOption<?>>> byKey = new HashMap<>();
    private final Map<String, String> currentKeyOfDeprecated = new HashMap<>();

    private FlinkOptions() {}

    /** Scans the jars of the classpath; a class that cannot be loaded here is left out. */
    static FlinkOptions onClasspath() {
        FlinkOptions options = new FlinkOptions();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                options.scan(new File(entry));
            }
        }
        return options;
    }

    /** The options with this key; empty when Flink declares none. */
    List<ConfigOption<?>> withKey(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** The key that replaced this deprecated or fallback key, if it is one. */
    Optional<String> replacementOf(String key) {
        return Optional.ofNullable(currentKeyOfDeprecated.get(key));
    }

    /**
     * The options every metric reporter takes as {@code metrics.reporter.<name>.<key>}: those of
     * {@link MetricOptions} declared without the {@code metrics.} prefix ({@code factory.class},
     * {@code interval}, {@code filter.includes}, ...).
     */
    List<ConfigOption<?>> reporterOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (ConfigOption<?> option : declaredIn(MetricOptions.class)) {
            if (!option.key().startsWith("metrics.") && !option.key().contains("<")) {
                options.add(option);
            }
        }
        return options;
    }

    int size() {
        return byKey.size();
    }

    private void scan(File jar) {
        try (JarFile file = new JarFile(jar)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(FLINK_CLASSES) && name.endsWith(CLASS) && !name.contains("$")) {
                    load(name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                            .ifPresent(type -> declaredIn(type).forEach(this::add));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private void add(ConfigOption<?> option) {
        byKey.computeIfAbsent(option.key(), key -> new ArrayList<>()).add(option);
        for (FallbackKey fallback : option.fallbackKeys()) {
            currentKeyOfDeprecated.put(fallback.getKey(), option.key());
        }
    }

    private static Optional<Class<?>> load(String className) {
        try {
            return Optional.of(Class.forName(className, true, FlinkOptions.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            // Options of a Flink module whose dependencies this classpath lacks: none of
            // kubetrace's settings can come from it.
            return Optional.empty();
        }
    }

    private static List<ConfigOption<?>> declaredIn(Class<?> type) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(
                            "public field " + field + " is not readable", e);
                }
            }
        }
        return options;
    }
}
