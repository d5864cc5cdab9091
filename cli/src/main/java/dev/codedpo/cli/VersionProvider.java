package dev.codedpo.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"codedpo " + (v == null ? "dev" : v) + " (Java " + System.getProperty("java.version") + ")"};
    }
}
