package dev.codedpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --config and --set of a command whose settings go through the one config flow (record < YAML < --set < options). */
final class SettingsOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "YAML", description = "Settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> sets = new ArrayList<>();
}
