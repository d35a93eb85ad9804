package io.kubetrace.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw settings as written, layered: a YAML file, then {@code KUBETRACE_*} environment
 * variables, then flags; a later layer wins, entry by entry for maps. Each value remembers where it
 * came from, so an error can name the file, variable or flag to fix.
 */
final class SettingsLayers {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<Setting, List<String>> lists = new EnumMap<>(Setting.class);
    private final Map<Setting, Map<String, String>> maps = new EnumMap<>(Setting.class);
    private final Map<Setting, String> origins = new EnumMap<>(Setting.class);

    /** Settings nested ({@code kafka: {topic: t}}) or dotted ({@code kafka.topic: t}). */
    SettingsLayers file(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return this;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + " must be a map of settings");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            readNode(field.getKey(), field.getValue(), file.toString());
        }
        return this;
    }

    /**
     * Known variables only: Kubernetes also puts {@code KUBETRACE_PORT=tcp://...} and the like in
     * the environment of pods beside a Service named kubetrace.
     */
    SettingsLayers environment(Map<String, String> environment) {
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.envName());
            if (value != null) {
                put(setting.key, value, setting.envName());
            }
        }
        return this;
    }

    /**
     * One setting as text: a list comma-separated, a map as {@code name=value,...} or one entry as
     * {@code kafka.properties.linger.ms}.
     */
    SettingsLayers put(String key, String value, String origin) {
        Setting setting =
                Setting.byKey(key)
                        .or(() -> Setting.mapOf(key))
                        .orElseThrow(() -> unknown(key, origin));
        origins.put(setting, origin);
        if (!setting.key.equals(key)) {
            maps.computeIfAbsent(setting, s -> new LinkedHashMap<>())
                    .put(key.substring(setting.key.length() + 1), value);
            return this;
        }
        switch (setting.shape) {
            case VALUE -> values.put(setting, value.trim());
            case LIST -> lists.put(setting, splitList(value));
            case MAP -> {
                Map<String, String> entries =
                        maps.computeIfAbsent(setting, s -> new LinkedHashMap<>());
                for (String entry : splitList(value)) {
                    int equals = entry.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException(
                                key
                                        + " (from "
                                        + origin
                                        + "): \""
                                        + entry
                                        + "\" is not NAME=VALUE");
                    }
                    entries.put(
                            entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
                }
            }
        }
        return this;
    }

    /** The value as written, else the default (possibly null). */
    String value(Setting setting) {
        return values.getOrDefault(setting, setting.defaultValue);
    }

    List<String> list(Setting setting) {
        return lists.getOrDefault(setting, List.of());
    }

    Map<String, String> map(Setting setting) {
        return maps.getOrDefault(setting, Map.of());
    }

    /** Where the setting was last written, or "default". */
    String origin(Setting setting) {
        return origins.getOrDefault(setting, "default");
    }

    private void readNode(String key, JsonNode node, String origin) {
        if (node.isNull()) {
            return; // "dump: {file: null}" or "file:" leaves the setting at its default
        }
        var setting = Setting.byKey(key);
        if (setting.isPresent()
                && setting.get().shape != Setting.Shape.VALUE
                && node.isContainerNode()) {
            origins.put(setting.get(), origin);
            if (setting.get().shape == Setting.Shape.LIST && node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(scalar(key, item, origin)));
                lists.put(setting.get(), items);
                return;
            }
            if (setting.get().shape == Setting.Shape.MAP && node.isObject()) {
                Map<String, String> entries =
                        maps.computeIfAbsent(setting.get(), s -> new LinkedHashMap<>());
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    entries.put(
                            entry.getKey(),
                            scalar(key + "." + entry.getKey(), entry.getValue(), origin));
                }
                return;
            }
        }
        if (setting.isPresent() || Setting.mapOf(key).isPresent()) {
            put(key, scalar(key, node, origin), origin);
        } else if (node.isObject() && Setting.isSection(key)) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                readNode(key + "." + field.getKey(), field.getValue(), origin);
            }
        } else {
            throw unknown(key, origin);
        }
    }

    private static String scalar(String key, JsonNode node, String origin) {
        if (node.isContainerNode()) {
            throw new IllegalArgumentException(
                    key + " (from " + origin + ") must be a single value");
        }
        return node.asText();
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static IllegalArgumentException unknown(String key, String origin) {
        return new IllegalArgumentException(
                "unknown setting \"" + key + "\" (from " + origin + "); see the gateway's README");
    }
}
