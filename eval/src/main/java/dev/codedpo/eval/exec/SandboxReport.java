package dev.codedpo.eval.exec;

/**
 * What isolation is actually in effect, so that commands can tell the user (e.g. "network isolation unavailable").
 *
 * @param networkIsolated  workers run in their own network namespace
 * @param privilegesDropped candidates run as an unprivileged user
 * @param notes            human-readable explanation of anything unavailable
 */
public record SandboxReport(boolean networkIsolated, boolean privilegesDropped, String notes) {}
