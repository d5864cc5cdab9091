package dev.codedpo.eval.exec;

import java.util.List;

/**
 * Result of one request: one check per test, in the request's order. When the code itself fails to load (raises,
 * times out or crashes), every check carries that outcome.
 *
 * @param codeStatus status of executing setup + code (PASS when it loaded)
 */
public record ExecutionResult(CheckStatus codeStatus, String codeException, List<CheckResult> checks) {
    public boolean[] passVector() {
        boolean[] v = new boolean[checks.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = checks.get(i).passed();
        }
        return v;
    }
}
