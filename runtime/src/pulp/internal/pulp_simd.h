/**
 * @file pulp_simd.h
 * @brief The SIMD operations (and the scalar MAC) of the PULP kernels, in one small layer with three
 *        implementations of identical semantics, picked at compile time:
 *          - the PULP SDK's GCC (Xpulpv2, GAP-8): its `__builtin_pulp_*` builtins;
 *          - clang-19 with CORE-V (`-march=rv32imc_xcvsimd_xcvmac_xcvalu_xcvmem`): `cv.*` inline assembly;
 *          - anything else (the host, RV32IMC on QEMU): portable C.
 *        A vector is four int8 lanes in a uint32_t (lane i in bits 8i .. 8i + 7, the little-endian byte order
 *        of memory).
 */
#ifndef CAPSRT_PULP_INTERNAL_PULP_SIMD_H
#define CAPSRT_PULP_INTERNAL_PULP_SIMD_H

#include <stdint.h>
#include <string.h>

#if defined(__PULP__) || defined(__riscv_xpulpv2)
#define CAPS_PULP_SIMD "pulp-builtins"
#elif defined(__riscv_xcvsimd)
#define CAPS_PULP_SIMD "corev-asm"
#else
#define CAPS_PULP_SIMD "portable"
#endif

/** The four bytes at p (any alignment) as a vector. PULP and CORE-V cores load misaligned words in hardware;
 *  memcpy lets the compiler pick the load that is valid on the core. */
static inline uint32_t caps_pulp_load4(const int8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/** acc + the dot product of the signed int8 lanes of a and b (SDOTSP.B: four MACs in one instruction). */
static inline int32_t caps_pulp_sdotsp4(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__PULP__) || defined(__riscv_xpulpv2)
    typedef signed char v4s __attribute__((vector_size(4)));
    v4s va, vb;
    memcpy(&va, &a, 4);
    memcpy(&vb, &b, 4);
    return __builtin_pulp_sdotsp4(va, vb, acc);
#elif defined(__riscv_xcvsimd)
    __asm__("cv.sdotsp.b %0, %1, %2" : "+r"(acc) : "r"(a), "r"(b));
    return acc;
#else
    for (int i = 0; i < 4; ++i)
        acc += (int32_t)(int8_t)(uint8_t)(a >> (8 * i)) * (int32_t)(int8_t)(uint8_t)(b >> (8 * i));
    return acc;
#endif
}

/** acc + a * b in one instruction (MAC); callers keep the result within int32. */
static inline int32_t caps_pulp_mac(int32_t acc, int32_t a, int32_t b) {
#if defined(__PULP__) || defined(__riscv_xpulpv2)
    return __builtin_pulp_mac(a, b, acc);
#elif defined(__riscv_xcvmac)
    __asm__("cv.mac %0, %1, %2" : "+r"(acc) : "r"(a), "r"(b));
    return acc;
#else
    return acc + a * b;
#endif
}

/** min(max(x, lo), hi) for lo <= hi. */
static inline int32_t caps_pulp_clip(int32_t x, int32_t lo, int32_t hi) {
#if defined(__PULP__) || defined(__riscv_xpulpv2)
    return __builtin_pulp_clip_r(x, lo, hi);
#elif defined(__riscv_xcvalu)
    int32_t y;
    __asm__("cv.max %0, %1, %2" : "=r"(y) : "r"(x), "r"(lo));
    __asm__("cv.min %0, %0, %1" : "+r"(y) : "r"(hi));
    return y;
#else
    return x < lo ? lo : x > hi ? hi : x;
#endif
}

#endif /* CAPSRT_PULP_INTERNAL_PULP_SIMD_H */
