/**
 * @file caps_predict_s8.c
 * @brief caps_predict_s8 for PULP cores: input capsules split among the cluster's cores in contiguous chunks; for
 *        each, the W_ij rows of all output capsules (out_caps * out_dim rows of in_dim bytes, contiguous) against
 *        u_i four rows at a time on 4-way int8 dot products (pulp_dot.h), no transposes. Bit-exact with
 *        ref/Capsule/caps_predict_s8.c: the same exact int32 sums and the reference requantization.
 */
#include "capsrt/capsrt.h"

#include "../internal/pulp_cluster.h"
#include "../internal/pulp_s8.h"

typedef struct {
    const caps_predict_params_t *p;
    const int8_t *u, *weights;
    const int32_t *multiplier, *shift;
    int8_t *u_hat;
} predict_t;

static void predict_phase(void *arg, int32_t core, int32_t cores) {
    const predict_t *c = (const predict_t *)arg;
    const caps_predict_params_t *p = c->p;
    const int32_t rows = p->out_caps * p->out_dim, k = p->in_dim;
    int32_t lo, hi; /* capsules b * in_caps + i */
    caps_pulp_chunk(p->n * p->in_caps, core, cores, &lo, &hi);
    for (int32_t bi = lo; bi < hi; ++bi) {
        const int32_t i = bi % p->in_caps;
        const int8_t *ui = c->u + (int64_t)bi * k, *wi = c->weights + (int64_t)i * rows * k;
        int8_t *out = c->u_hat + (int64_t)bi * rows;
        for (int32_t r = 0; r < rows; r += 4) {
            const int32_t nr = rows - r < 4 ? rows - r : 4;
            const int8_t *w[4];
            caps_pulp_weight_rows(wi, k, r, nr, w);
            int32_t sums[4];
            caps_pulp_dot_4x1(ui, w, k, sums);
            for (int32_t q = 0; q < nr; ++q) {
                const int32_t j = (r + q) / p->out_dim;
                out[r + q] = (int8_t)caps_ref_clamp(caps_ref_requantize(sums[q], c->multiplier[j], c->shift[j]), -128, 127);
            }
        }
    }
}

caps_status_t caps_predict_s8(const caps_predict_params_t *params,
                              const int8_t *u,
                              const int8_t *weights,
                              const int32_t *multiplier,
                              const int32_t *shift,
                              int8_t *u_hat) {
    const caps_status_t status = caps_ref_check_predict_s8(params, u, weights, multiplier, shift, u_hat);
    if (status != CAPS_OK)
        return status;
    predict_t c = {params, u, weights, multiplier, shift, u_hat};
    caps_pulp_team_run(predict_phase, &c);
    return CAPS_OK;
}
