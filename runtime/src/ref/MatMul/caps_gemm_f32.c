/**
 * @file caps_gemm_f32.c
 * @brief caps_gemm_f32 - general matrix product (ONNX Gemm): Y = alpha * op(A) * op(B) + beta * C, float.
 *
 * Layouts (row-major): A is [m, k], or [k, m] when trans_a; B is [k, n], or [n, k] when trans_b; Y is
 * [m, n]. The optional C is read as C[i, j] = c[i * c_stride_m + j * c_stride_n], which expresses every
 * unidirectional broadcast of C to [m, n] ([m, n]: n, 1; [1, n] or [n]: 0, 1; [m, 1]: 1, 0; scalar: 0, 0).
 * The strides must describe such a dense broadcast (see caps_ref_broadcast_extent).
 *
 * Evaluation order (the definition of the result, bit for bit), per output element (i, j):
 *   acc = +0.0f; for p = 0 .. k-1 in increasing order: acc = acc + A[i, p] * B[p, j];
 *   Y = alpha * acc                          without C,
 *   Y = (alpha * acc) + (beta * C[i, j])     with C (also when beta is 0, so inf / NaN in C propagate).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

static caps_status_t
caps_ref_gemm_check(const caps_gemm_params_t *p, const float *a, const float *b, const float *c, const float *y) {
    if (p == NULL || a == NULL || b == NULL || y == NULL)
        return CAPS_ERR_ARG;
    if ((p->trans_a != 0 && p->trans_a != 1) || (p->trans_b != 0 && p->trans_b != 1))
        return CAPS_ERR_ARG;
    if (caps_ref_mul(p->m, p->k) < 0 || caps_ref_mul(p->k, p->n) < 0 || caps_ref_mul(p->m, p->n) < 0)
        return CAPS_ERR_ARG;
    if (c != NULL) {
        const int32_t dims[2] = {p->m, p->n};
        const int32_t strides[2] = {p->c_stride_m, p->c_stride_n};
        if (caps_ref_broadcast_extent(2, dims, strides, 1) < 0)
            return CAPS_ERR_ARG;
    }
    return CAPS_OK;
}

/**
 * Y = alpha * op(A) * op(B) + beta * C.
 * @param params m, n, k > 0; trans_a / trans_b 0 or 1; c_stride_m / c_stride_n: broadcast strides of C
 * @param a      [m, k] (or [k, m] when trans_a)
 * @param b      [k, n] (or [n, k] when trans_b)
 * @param c      broadcast C or NULL (then beta is ignored)
 * @param y      [m, n]; must not overlap the inputs
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t
caps_gemm_f32(const caps_gemm_params_t *params, const float *a, const float *b, const float *c, float *y) {
    if (caps_ref_gemm_check(params, a, b, c, y) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_gemm_params_t *p = params;
    /* Element steps of A along i and p, and of B along p and j. */
    const int32_t a_si = p->trans_a ? 1 : p->k;
    const int32_t a_sp = p->trans_a ? p->m : 1;
    const int32_t b_sp = p->trans_b ? 1 : p->n;
    const int32_t b_sj = p->trans_b ? p->k : 1;
    for (int32_t i = 0; i < p->m; ++i) {
        for (int32_t j = 0; j < p->n; ++j) {
            const float *pa = a + i * a_si;
            const float *pb = b + j * b_sj;
            float acc = 0.0f;
            for (int32_t kk = 0; kk < p->k; ++kk)
                acc = acc + pa[kk * a_sp] * pb[kk * b_sp];
            float out = p->alpha * acc;
            if (c != NULL)
                out = out + p->beta * c[i * p->c_stride_m + j * p->c_stride_n];
            y[i * p->n + j] = out;
        }
    }
    return CAPS_OK;
}
