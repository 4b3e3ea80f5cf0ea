package dev.plmlab.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceExceptionTest {

    @Test
    void recognisesTheWaysBackendsReportExhaustedMemory() {
        assertTrue(InferenceException.mentionsMemory("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Failed to allocate memory for requested buffer of size 123"));
        assertTrue(InferenceException.mentionsMemory("CUDA out of memory. Tried to allocate 2.00 GiB"));
        assertTrue(InferenceException.mentionsMemory("std::bad_alloc"));
        assertTrue(InferenceException.mentionsMemory("GPU OOM while running batch"));
        assertTrue(InferenceException.mentionsMemory("BFCArena allocation failed"));
    }

    @Test
    void ignoresOtherFailures() {
        assertFalse(InferenceException.mentionsMemory(null));
        assertFalse(InferenceException.mentionsMemory("unexpected inference input 'x'"));
        assertFalse(InferenceException.mentionsMemory("no room for the model in this zoom"));
        assertFalse(InferenceException.mentionsMemory("memory layout mismatch"));
    }
}
