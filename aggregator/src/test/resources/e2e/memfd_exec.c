/* Fileless execution for the end-to-end anomaly test: code in a memfd, mapped executable.
 * Waits for a line on stdin before mapping, so the collector first sees the process clean. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void) {
    prctl(PR_SET_NAME, "e2e-fileless", 0, 0, 0);
    printf("ready\n");
    fflush(stdout);
    char line[16];
    if (!fgets(line, sizeof line, stdin)) {
        return 1;
    }
    int fd = memfd_create("payload", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, 4096) != 0) {
        perror("memfd");
        return 1;
    }
    unsigned char ret = 0xc3; /* x86 'ret': harmless code */
    if (write(fd, &ret, 1) != 1) {
        perror("write");
        return 1;
    }
    void *code = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("mapped\n");
    fflush(stdout);
    pause();
    return 0;
}
