package dev.codedpo.eval.exec;

/**
 * The uids (each with the gid of the same number) that candidates may run as, one per worker. RLIMIT_NPROC counts
 * processes per uid: workers sharing a uid would share the quota, and one worker's fork bomb would make another
 * worker's test forks fail. Uids used by an account (/etc/passwd, /etc/group) or by a running process, and uids
 * another pool holds, are skipped.
 *
 * @param base  first uid of the range
 * @param count how many uids the range holds
 */
public record SandboxUidRange(int base, int count) {
    /** Below systemd's DynamicUser range (61184-65519) and above the usual regular-user ranges. */
    public static final int DEFAULT_BASE = 61000;
    public static final int DEFAULT_COUNT = 184;
    /** Environment variable that moves the default range, e.g. where 61000-61183 is in use. */
    public static final String BASE_VARIABLE = "CODEDPO_SANDBOX_UID_BASE";

    public SandboxUidRange {
        if (base < 1000 || count < 1 || (long) base + count > 65534L) {
            throw new IllegalArgumentException("sandbox uid range must lie within 1000-65533, got " + base + "+"
                    + count);
        }
    }

    public static SandboxUidRange defaults() {
        String env = System.getenv(BASE_VARIABLE);
        if (env == null || env.isBlank()) {
            return new SandboxUidRange(DEFAULT_BASE, DEFAULT_COUNT);
        }
        try {
            return new SandboxUidRange(Integer.parseInt(env.strip()), DEFAULT_COUNT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BASE_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    public int last() {
        return base + count - 1;
    }

    public boolean contains(int uid) {
        return uid >= base && uid <= last();
    }
}
