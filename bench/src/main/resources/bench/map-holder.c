/*
 * map-holder: a process for `memfleet bench collector` that holds M mappings and then waits.
 *
 * usage: map-holder M
 *
 * It reserves M pages in one anonymous mapping and makes every other page read-only, so the
 * kernel keeps M separate VMAs (neighbours with different permissions cannot be merged), i.e.
 * M lines in /proc/<pid>/maps besides the program's own. Prints "ready" once they exist, then
 * pause()s until a signal ends it. If the bench dies without killing it, the kernel sends
 * SIGKILL when the parent goes (PR_SET_PDEATHSIG), so no holder outlives the bench.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
        perror("map-holder: prctl");
        return 1;
    }
    if (getppid() != parent) { /* the parent died before prctl took effect */
        return 1;
    }
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 200;
    if (count < 1) {
        fprintf(stderr, "map-holder: M must be at least 1\n");
        return 2;
    }
    long page = sysconf(_SC_PAGESIZE);
    char *base = mmap(NULL, (size_t) count * (size_t) page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("map-holder: mmap");
        return 1;
    }
    for (long i = 0; i < count; i += 2) {
        if (mprotect(base + i * page, (size_t) page, PROT_READ) != 0) {
            perror("map-holder: mprotect (is vm.max_map_count too low?)");
            return 1;
        }
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}
