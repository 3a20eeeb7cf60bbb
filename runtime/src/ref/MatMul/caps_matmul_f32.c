/**
 * @file caps_matmul_f32.c
 * @brief caps_matmul_f32 - batched, broadcasting matrix product (ONNX / numpy MatMul), float.
 *
 * The batch dims out_batch[0 .. batch_rank) (batch_rank 0 = a single product) index matrices of
 * A ([m, k] row-major each), B ([k, n]) and Y ([m, n]). Batch index (b_0, ...) starts A's matrix at
 * sum b_d * a_batch_stride[d] and B's at sum b_d * b_batch_stride[d]; a stride is 0 where that operand
 * is broadcast. The strides must describe dense operands (see caps_ref_broadcast_extent with unit m * k
 * for A and k * n for B). Y is dense [out_batch..., m, n]. 1-D operands are handled by the compiler
 * (m = 1 or n = 1).
 *
 * Evaluation order (the definition of the result, bit for bit), per output element:
 *   acc = +0.0f; for p = 0 .. k-1 in increasing order: acc = acc + A[i, p] * B[p, j]; Y = acc.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

static caps_status_t
caps_ref_matmul_check(const caps_matmul_params_t *p, const float *a, const float *b, const float *y) {
    if (p == NULL || a == NULL || b == NULL || y == NULL)
        return CAPS_ERR_ARG;
    const int32_t batches = caps_ref_shape_count(p->batch_rank, p->out_batch, 0);
    const int32_t a_mat = caps_ref_mul(p->m, p->k);
    const int32_t b_mat = caps_ref_mul(p->k, p->n);
    if (batches < 0 || a_mat < 0 || b_mat < 0 || caps_ref_mul(batches, caps_ref_mul(p->m, p->n)) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_broadcast_extent(p->batch_rank, p->out_batch, p->a_batch_stride, a_mat) < 0 ||
        caps_ref_broadcast_extent(p->batch_rank, p->out_batch, p->b_batch_stride, b_mat) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

/**
 * Batched matrix product with numpy broadcasting of the batch dims.
 * @param params batch_rank 0..CAPS_MAX_DIMS, out_batch > 0, dense broadcast batch strides, m, n, k > 0
 * @param a      A matrices, [m, k] each
 * @param b      B matrices, [k, n] each
 * @param y      [out_batch..., m, n]; must not overlap the inputs
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_matmul_f32(const caps_matmul_params_t *params, const float *a, const float *b, float *y) {
    if (caps_ref_matmul_check(params, a, b, y) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_matmul_params_t *p = params;
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, p->batch_rank, p->out_batch, p->a_batch_stride, 0, p->b_batch_stride, 0);
    float *out = y;
    do {
        const float *am = a + it.off_a;
        const float *bm = b + it.off_b;
        for (int32_t i = 0; i < p->m; ++i) {
            for (int32_t j = 0; j < p->n; ++j) {
                float acc = 0.0f;
                for (int32_t kk = 0; kk < p->k; ++kk)
                    acc = acc + am[i * p->k + kk] * bm[kk * p->n + j];
                *out++ = acc;
            }
        }
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}
