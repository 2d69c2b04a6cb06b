/* The library ExecMappingRealProcessTest loads late, from memory, and then deletes. */
int tiny_answer(void) {
    return 42;
}
