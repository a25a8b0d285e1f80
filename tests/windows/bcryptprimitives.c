/*
 * TEST-ONLY shim, never shipped: Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's
 * standard library calls at start-up on Windows. This DLL forwards ProcessPrng to
 * RtlGenRandom (advapi32's SystemFunction036) so probono.exe can run under Wine in the tests.
 * Real Windows has the genuine DLL; the installer's file list is checked not to contain this.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
