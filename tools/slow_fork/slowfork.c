#define _GNU_SOURCE
#include <dlfcn.h>
#include <time.h>
#include <unistd.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
/* Simulates machines where a fork is expensive: a Python process burns a set amount of CPU before each fork().
   Measurement rig for docs/DEMO.md (tools/slow_fork/README.md): installed through /etc/ld.so.preload while
   measuring, then removed. The burn in microseconds is read from /etc/slowfork_burn_us at a process's first fork
   (/etc: the sandbox's private /tmp hides other places). */
extern char *program_invocation_short_name;
static pid_t (*real_fork)(void);
static long burn_us = -1;
pid_t fork(void) {
    if (!real_fork) real_fork = (pid_t (*)(void)) dlsym(RTLD_NEXT, "fork");
    if (burn_us < 0) {
        burn_us = 0;
        FILE *f = fopen("/etc/slowfork_burn_us", "r");
        if (f) { if (fscanf(f, "%ld", &burn_us) != 1) burn_us = 0; fclose(f); }
    }
    if (burn_us > 0 && strncmp(program_invocation_short_name, "python", 6) == 0) {
        struct timespec a, b;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        do { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b); }
        while ((b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000 < burn_us);
    }
    return real_fork();
}
