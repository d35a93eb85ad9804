package io.kubetrace.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * A kubetrace configuration file: YAML, with kubetrace's and Flink's settings either nested ({@code
 * watch: {resources: [...]}}) or as dotted keys ({@code watch.resources: [...]}), as Flink's own
 * config.yaml.
 */
final class ConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFile() {}

    static Configuration read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException(
                    "cannot read configuration file " + file + ": " + CliErrors.describe(e));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new UsageException(
                        "configuration file " + file + " must be a map of settings");
            }
            flatten("", root, settings, file);
        }
        return Configuration.fromMap(settings);
    }

    private static void flatten(
            String prefix, JsonNode node, Map<String, String> settings, Path file) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix + field.getKey() + ".", field.getValue(), settings, file);
            }
            return;
        }
        String key = prefix.substring(0, prefix.length() - 1);
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isContainerNode()) {
                    throw new UsageException(file + ": " + key + " must be a list of plain values");
                }
                items.add(item.asText());
            }
            // Flink's list format: items separated by ';'.
            settings.put(key, String.join(";", items));
        } else if (!node.isNull()) {
            settings.put(key, node.asText());
        }
    }
}
