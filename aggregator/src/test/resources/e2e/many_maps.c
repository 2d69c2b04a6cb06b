/*
 * A real process of REGIONS mappings: one anonymous reservation whose every other page is made
 * writable, so the kernel keeps each page a mapping of its own (neighbours differ in protection
 * and cannot merge). Names itself e2e-manymaps, prints "ready", and lives until stdin closes.
 * REGIONS plus the program's own few mappings must stay under vm.max_map_count (65,530 by default).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long regions = argc > 1 ? atol(argv[1]) : 65000;
    long page = sysconf(_SC_PAGESIZE);
    prctl(PR_SET_NAME, "e2e-manymaps", 0, 0, 0);
    char *base = mmap(NULL, regions * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (long i = 1; i < regions; i += 2) {
        if (mprotect(base + i * page, page, PROT_READ | PROT_WRITE) != 0) {
            perror("mprotect");
            return 1;
        }
    }
    printf("ready\n");
    fflush(stdout);
    char buffer[64];
    while (fread(buffer, 1, sizeof buffer, stdin) > 0) {
    }
    return 0;
}
