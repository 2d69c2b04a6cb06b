/*
 * Executable-mapping techniques, one per run, for ExecMappingRealProcessTest and memfleet bench detect.
 *
 *   techniques MODE [LIBRARY]
 *
 * MODE is dlopen (a library loaded late), mprotect (anonymous RW made RX), rwx (anonymous RWX),
 * memfd (code written to a memfd and mapped PROT_EXEC), memfd-dlopen (a library copied into a memfd
 * and loaded from /proc/self/fd), deleted (a library loaded, then its file deleted).
 *
 * Protocol: before each stage the program prints "ready STAGE" and waits for a line on stdin; the
 * technique's mapping stays in place until stdin closes. It runs the code it maps, so a mapping the
 * kernel refused would show as a failure, not as a silent miss.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

/* x86-64: mov eax, 42; ret */
static const unsigned char CODE[] = {0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3};

static void stage(const char *name) {
    char line[64];
    printf("ready %s\n", name);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL) {
        exit(0);
    }
}

static void fail(const char *what) {
    fprintf(stderr, "techniques: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void run(void *code) {
#if defined(__x86_64__)
    if (((int (*)(void)) code)() != 42) {
        fprintf(stderr, "techniques: mapped code returned the wrong value\n");
        exit(3);
    }
#else
    (void) code;
#endif
}

static void run_library(void *handle) {
    int (*answer)(void) = (int (*)(void)) dlsym(handle, "tiny_answer");
    if (answer == NULL || answer() != 42) {
        fprintf(stderr, "techniques: tiny_answer missing or wrong\n");
        exit(3);
    }
}

static void *load(const char *path) {
    void *handle = dlopen(path, RTLD_NOW);
    if (handle == NULL) {
        fprintf(stderr, "techniques: dlopen %s: %s\n", path, dlerror());
        exit(2);
    }
    run_library(handle);
    return handle;
}

static int memfd(const char *name) {
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) {
        fd = memfd_create(name, MFD_CLOEXEC); /* kernels before 6.3 know no MFD_EXEC */
    }
    if (fd < 0) {
        fail("memfd_create");
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: techniques MODE [LIBRARY]\n");
        return 2;
    }
    const char *mode = argv[1];
    const char *library = argc > 2 ? argv[2] : "";
    stage("start");
    if (strcmp(mode, "dlopen") == 0) {
        load(library);
    } else if (strcmp(mode, "mprotect") == 0) {
        unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) {
            fail("mmap rw");
        }
        memcpy(page, CODE, sizeof CODE);
        stage("rw");
        if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) {
            fail("mprotect rx");
        }
        run(page);
    } else if (strcmp(mode, "rwx") == 0) {
        unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) {
            fail("mmap rwx");
        }
        memcpy(page, CODE, sizeof CODE);
        run(page);
    } else if (strcmp(mode, "memfd") == 0) {
        int fd = memfd("payload");
        if (ftruncate(fd, 4096) != 0 || pwrite(fd, CODE, sizeof CODE, 0) != (ssize_t) sizeof CODE) {
            fail("write memfd");
        }
        void *code = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
        if (code == MAP_FAILED) {
            fail("mmap memfd exec");
        }
        run(code);
    } else if (strcmp(mode, "memfd-dlopen") == 0) {
        int fd = memfd("payload-so");
        int in = open(library, O_RDONLY);
        if (in < 0) {
            fail(library);
        }
        char buffer[65536];
        ssize_t n;
        while ((n = read(in, buffer, sizeof buffer)) > 0) {
            if (write(fd, buffer, (size_t) n) != n) {
                fail("write memfd");
            }
        }
        close(in);
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        load(path);
    } else if (strcmp(mode, "deleted") == 0) {
        load(library);
        stage("loaded");
        if (unlink(library) != 0) {
            fail("unlink");
        }
    } else {
        fprintf(stderr, "techniques: unknown mode %s\n", mode);
        return 2;
    }
    stage("done");
    return 0;
}
