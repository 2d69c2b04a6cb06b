/* The library ExecMappingRealProcessTest and memfleet bench detect load late, from memory, and then delete. */
int tiny_answer(void) {
    return 42;
}
