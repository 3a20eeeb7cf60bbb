/**
 * @file ref_util.h
 * @brief Private helpers of the ref/ kernels: size arithmetic that cannot overflow, shape and stride
 *        validation, and an N-D index iterator that walks a shape in row-major order while tracking the
 *        element offsets of up to two strided operands.
 *
 * Nothing here is part of the public API; the names carry the `caps_ref_` prefix and never end in a
 * type suffix, so they cannot clash with kernel symbols.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_UTIL_H
#define CAPSRT_REF_INTERNAL_REF_UTIL_H

#include "capsrt/capsrt.h"

/**
 * Product of two element counts, or -1 when either factor is not positive or the product exceeds
 * INT32_MAX. Chainable: caps_ref_mul(caps_ref_mul(a, b), c) is -1 as soon as one step fails.
 */
static inline int32_t caps_ref_mul(int32_t a, int32_t b) {
    if (a <= 0 || b <= 0)
        return -1;
    int64_t p = (int64_t)a * (int64_t)b;
    return p > (int64_t)INT32_MAX ? -1 : (int32_t)p;
}

/** Element strides of a 4-D image tensor: per batch item, channel, row and column. */
typedef struct {
    int32_t n, c, h, w;
} caps_ref_image_strides_t;

/**
 * The strides of a [n, c, h, w] (channels_last 0) or [n, h, w, c] (channels_last non-zero) tensor of c channels of
 * h x w; also those of the convolution weights [out_c, c, h, w] / [out_c, h, w, c] for c input channels per group
 * and an h x w window. The caller has checked that c * h * w fits in int32.
 */
static inline caps_ref_image_strides_t caps_ref_image_strides(int32_t c, int32_t h, int32_t w, int32_t channels_last) {
    caps_ref_image_strides_t s;
    s.n = c * h * w;
    if (channels_last) {
        s.c = 1;
        s.h = w * c;
        s.w = c;
    } else {
        s.c = h * w;
        s.h = w;
        s.w = 1;
    }
    return s;
}

/**
 * Element count of a shape, or -1 unless min_rank <= rank <= CAPS_MAX_DIMS, every dim is positive and
 * the product does not exceed INT32_MAX. A rank-0 shape (only accepted with min_rank 0) has 1 element.
 */
int32_t caps_ref_shape_count(int32_t rank, const int32_t *dims, int32_t min_rank);

/** Dense row-major strides of a valid shape (count <= INT32_MAX, so every stride fits). */
void caps_ref_dense_strides(int32_t rank, const int32_t *dims, int32_t *strides);

/**
 * Checks that strides describe a dense operand broadcast (numpy style) to the shape dims:
 * walking from the innermost dim, every dim of size > 1 has stride 0 (broadcast) or exactly
 * unit * (product of the sizes of the inner dims with non-zero stride). Size-1 dims may carry any
 * non-negative stride since their index is always 0. On success returns the operand's element count
 * (unit * product of the non-broadcast dims, which every offset stays below); -1 otherwise.
 * unit is the element count of one operand "cell" (1 for elementwise ops, m * k for a matmul matrix).
 */
int32_t caps_ref_broadcast_extent(int32_t rank, const int32_t *dims, const int32_t *strides, int32_t unit);

/**
 * Row-major N-D index over `rank` dims (rank may be 0: a single position), with the offsets of two
 * strided operands. Offsets only ever take values of in-range positions, so they cannot overflow when
 * every position of each operand is addressable.
 */
typedef struct {
    int32_t rank;
    int32_t dims[CAPS_MAX_DIMS];
    int32_t idx[CAPS_MAX_DIMS];
    int32_t stride_a[CAPS_MAX_DIMS];
    int32_t stride_b[CAPS_MAX_DIMS];
    int32_t off_a;
    int32_t off_b;
} caps_ref_iter_t;

/** Starts at index 0 with offsets base_a / base_b. stride_a / stride_b may be NULL (all zero). */
static inline void caps_ref_iter_init(caps_ref_iter_t *it,
                                      int32_t rank,
                                      const int32_t *dims,
                                      const int32_t *stride_a,
                                      int32_t base_a,
                                      const int32_t *stride_b,
                                      int32_t base_b) {
    it->rank = rank;
    for (int32_t d = 0; d < rank; ++d) {
        it->dims[d] = dims[d];
        it->idx[d] = 0;
        it->stride_a[d] = stride_a != NULL ? stride_a[d] : 0;
        it->stride_b[d] = stride_b != NULL ? stride_b[d] : 0;
    }
    it->off_a = base_a;
    it->off_b = base_b;
}

/**
 * Moves to the next index (last dim fastest) and returns 1, or returns 0 after the last index (the
 * index and offsets are then back at their start). Intended as `do { ... } while (caps_ref_iter_next(&it));`.
 */
static inline int caps_ref_iter_next(caps_ref_iter_t *it) {
    for (int32_t d = it->rank - 1; d >= 0; --d) {
        if (it->idx[d] + 1 < it->dims[d]) {
            it->idx[d] += 1;
            it->off_a += it->stride_a[d];
            it->off_b += it->stride_b[d];
            return 1;
        }
        /* Rewind dim d; (dims - 1) * stride is the distance between two valid positions. */
        it->off_a -= (it->dims[d] - 1) * it->stride_a[d];
        it->off_b -= (it->dims[d] - 1) * it->stride_b[d];
        it->idx[d] = 0;
    }
    return 0;
}

#endif /* CAPSRT_REF_INTERNAL_REF_UTIL_H */
