/* Real processes for the leak detector's test: argv[1] picks the shape of its anonymous memory.
 *   leak     grows 4 MiB every 100 ms and never frees (a leak)
 *   plateau  grows 4 MiB every 100 ms up to 96 MiB, then holds it (a cache at its cap)
 *   sawtooth allocates 64 MiB, frees it, and again, forever (a garbage collector) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (4 << 20)

static void *touched(size_t size) {
    char *p = malloc(size);
    if (p == NULL) {
        perror("malloc");
        exit(1);
    }
    memset(p, 1, size); /* resident, not only reserved */
    return p;
}

int main(int argc, char **argv) {
    const char *shape = argc > 1 ? argv[1] : "leak";
    printf("ready\n");
    fflush(stdout);
    size_t held = 0;
    for (;;) {
        if (strcmp(shape, "leak") == 0 || (strcmp(shape, "plateau") == 0 && held < (96u << 20))) {
            touched(CHUNK);
            held += CHUNK;
        } else if (strcmp(shape, "sawtooth") == 0) {
            void *p = touched(64u << 20);
            usleep(400000);
            free(p);
        }
        usleep(100000);
    }
}
