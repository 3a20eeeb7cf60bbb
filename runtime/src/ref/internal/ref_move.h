/**
 * @file ref_move.h
 * @brief The index logic of the data-movement ref/ kernels, shared by their f32 and s8 versions: parameter
 *        validation, the strided gather behind transpose and slice, the padding walk and the concat copy.
 *
 * Elements are moved as elem_size bytes with memmove, so values are copied bit for bit (NaN payloads and
 * signed zeros included) and overlapping buffers, although not allowed by the kernels' contracts, are
 * still defined behaviour. Each kernel calls the inline loops with a constant elem_size (sizeof(float),
 * sizeof(int8_t)), which the compiler turns into plain loads and stores.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_MOVE_H
#define CAPSRT_REF_INTERNAL_REF_MOVE_H

#include <stddef.h>
#include <string.h>

#include "ref_util.h"

/**
 * A strided gather: the dense row-major output of shape dims[0 .. rank) takes
 *   out[o_0, ..., o_{rank-1}] = in[base + sum_d o_d * strides[d]]
 * (strides in elements, negative for reversed dims, 0 for size-1 dims). Transpose and slice are gathers.
 */
typedef struct {
    int32_t rank; /**< 1 .. CAPS_MAX_DIMS */
    int32_t dims[CAPS_MAX_DIMS];
    int32_t strides[CAPS_MAX_DIMS];
    int32_t base;
} caps_ref_gather_t;

/** Validates a transpose (see caps_transpose_f32) and describes it as a gather; CAPS_ERR_ARG when invalid. */
caps_status_t caps_ref_transpose_gather(const caps_transpose_params_t *params,
                                        const void *input,
                                        const void *output,
                                        caps_ref_gather_t *gather);

/** Validates a slice (see caps_slice_f32) and describes it as a gather; CAPS_ERR_ARG when invalid. */
caps_status_t caps_ref_slice_gather(const caps_slice_params_t *params,
                                    const void *input,
                                    const void *output,
                                    caps_ref_gather_t *gather);

/** CAPS_OK when a concat call is valid (see caps_concat_f32). */
caps_status_t caps_ref_check_concat(const caps_concat_params_t *params, const void *input, const void *output);

/** CAPS_OK when a pad call is valid (see caps_pad_f32); the fill value is not checked here. */
caps_status_t caps_ref_check_pad(const caps_pad_params_t *params, const void *input, const void *output);

/** Runs a gather over elements of elem_size bytes, writing the output in row-major order. */
static inline void caps_ref_gather(const caps_ref_gather_t *g, const void *input, void *output, size_t elem_size) {
    const ptrdiff_t esize = (ptrdiff_t)elem_size;
    const int32_t last = g->rank - 1;
    const int32_t inner = g->dims[last];
    const ptrdiff_t inner_step = (ptrdiff_t)g->strides[last] * esize;
    const unsigned char *in = (const unsigned char *)input;
    unsigned char *out = (unsigned char *)output;
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, g->dims, g->strides, g->base, NULL, 0);
    do {
        const unsigned char *x = in + (ptrdiff_t)it.off_a * esize;
        for (int32_t i = 0; i < inner; ++i) {
            memmove(out, x + i * inner_step, elem_size);
            out += elem_size;
        }
    } while (caps_ref_iter_next(&it));
}

/** Copies row r of the [outer, in_inner] input to columns offset .. offset + in_inner of output row r. */
static inline void
caps_ref_concat_copy(const caps_concat_params_t *p, const void *input, void *output, size_t elem_size) {
    const size_t row_bytes = (size_t)p->in_inner * elem_size;
    const unsigned char *in = (const unsigned char *)input;
    unsigned char *out = (unsigned char *)output;
    for (int32_t r = 0; r < p->outer; ++r) {
        const size_t out_elem = (size_t)r * (size_t)p->out_inner + (size_t)p->offset;
        memmove(out + out_elem * elem_size, in + (size_t)r * row_bytes, row_bytes);
    }
}

/** Input index read by output index o along a dim of n elements, or -1 for a constant fill (see caps_pad_f32). */
static inline int32_t caps_ref_pad_source(int32_t o, int32_t n, int32_t pad_begin, int32_t mode) {
    int64_t i = (int64_t)o - pad_begin;
    if (i >= 0 && i < n)
        return (int32_t)i;
    if (mode == CAPS_PAD_CONSTANT)
        return -1;
    if (mode == CAPS_PAD_EDGE)
        return i < 0 ? 0 : n - 1;
    /* CAPS_PAD_REFLECT: a triangle wave of period 2 * (n - 1). */
    if (n == 1)
        return 0;
    const int64_t period = 2 * (int64_t)(n - 1);
    i %= period;
    if (i < 0)
        i += period;
    return (int32_t)(i < n ? i : period - i);
}

/**
 * Pads (or crops) a validated dense tensor of elem_size-byte elements; constant positions receive the
 * elem_size bytes at fill. The output is written in row-major order.
 */
static inline void
caps_ref_pad_copy(const caps_pad_params_t *p, const void *input, const void *fill, void *output, size_t elem_size) {
    const ptrdiff_t esize = (ptrdiff_t)elem_size;
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    caps_ref_dense_strides(p->rank, p->in_dims, in_strides);
    const int32_t last = p->rank - 1;
    const int32_t inner = p->out_dims[last];
    const unsigned char *in = (const unsigned char *)input;
    unsigned char *out = (unsigned char *)output;
    caps_ref_iter_t it; /* walks the output rows (all dims but the last) */
    caps_ref_iter_init(&it, last, p->out_dims, NULL, 0, NULL, 0);
    do {
        /* Input offset of the row, or fill when some outer dim lands in a constant pad. */
        int32_t row = 0;
        int fill_row = 0;
        for (int32_t d = 0; d < last; ++d) {
            const int32_t i = caps_ref_pad_source(it.idx[d], p->in_dims[d], p->pads_begin[d], p->mode);
            if (i < 0) {
                fill_row = 1;
                break;
            }
            row += i * in_strides[d];
        }
        for (int32_t o = 0; o < inner; ++o) {
            const int32_t i = fill_row ? -1 : caps_ref_pad_source(o, p->in_dims[last], p->pads_begin[last], p->mode);
            memmove(out, i < 0 ? fill : (const void *)(in + (ptrdiff_t)(row + i) * esize), elem_size);
            out += elem_size;
        }
    } while (caps_ref_iter_next(&it));
}

#endif /* CAPSRT_REF_INTERNAL_REF_MOVE_H */
