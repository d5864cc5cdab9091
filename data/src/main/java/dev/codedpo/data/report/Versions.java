package dev.codedpo.data.report;

import ai.djl.engine.Engine;

/** The software that wrote a report. */
public record Versions(String codedpo, String java, String djl) {
    /** This process's versions; "dev" for codedpo when running from classes rather than a released jar. */
    public static Versions current() {
        String v = RunReport.class.getPackage().getImplementationVersion();
        return new Versions(v == null ? "dev" : v, System.getProperty("java.version"), Engine.getDjlVersion());
    }
}
