/**
 * @file caps_fc_s8.c
 * @brief caps_fc_s8 for PULP cores (GAP-8's Xpulpv2, CORE-V's xcvsimd; portable C elsewhere): output features
 *        split among the cluster's cores in contiguous chunks, four features by two input rows at a time on
 *        4-way int8 dot products (pulp_dot.h). Bit-exact with ref/MatMul/caps_fc_s8.c: sum (x + input_offset) w
 *        = sum x w + input_offset * sum w, both exact, then the reference epilogue.
 */
#include "capsrt/capsrt.h"

#include "../internal/pulp_cluster.h"
#include "../internal/pulp_s8.h"

typedef struct {
    const caps_fc_s8_params_t *p;
    const int8_t *input, *weights;
    const int32_t *bias, *multiplier, *shift;
    int8_t *output;
} fc_t;

static void fc_phase(void *arg, int32_t core, int32_t cores) {
    const fc_t *f = (const fc_t *)arg;
    const caps_fc_s8_params_t *p = f->p;
    int32_t j0, j1;
    caps_pulp_chunk(p->n, core, cores, &j0, &j1);
    for (int32_t j = j0; j < j1; j += 4) {
        const int32_t nj = j1 - j < 4 ? j1 - j : 4;
        const int8_t *rows[4];
        caps_pulp_weight_rows(f->weights, p->k, j, nj, rows);
        int64_t w_sum[4];
        for (int32_t c = 0; c < nj; ++c)
            w_sum[c] = caps_pulp_sum_s8(rows[c], p->k);
        for (int32_t i = 0; i < p->m; i += 2) {
            const int8_t *x0 = f->input + (int64_t)i * p->k;
            const int32_t ni = i + 1 < p->m ? 2 : 1;
            int64_t sums[2][4];
            caps_pulp_dot_4x2(x0, ni == 2 ? x0 + p->k : x0, rows, p->k, sums);
            for (int32_t r = 0; r < ni; ++r)
                for (int32_t c = 0; c < nj; ++c)
                    f->output[(int64_t)(i + r) * p->n + j + c] = caps_pulp_output(
                        sums[r][c], w_sum[c], p->input_offset, f->bias != NULL ? f->bias[j + c] : 0,
                        f->multiplier[j + c], f->shift[j + c], p->output_offset, p->act_min, p->act_max);
        }
    }
}

caps_status_t caps_fc_s8(const caps_fc_s8_params_t *params,
                         const int8_t *input,
                         const int8_t *weights,
                         const int32_t *bias,
                         const int32_t *multiplier,
                         const int32_t *shift,
                         int8_t *output) {
    if (caps_ref_check_fc_s8(params, input, weights, multiplier, shift, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    fc_t f = {params, input, weights, bias, multiplier, shift, output};
    caps_pulp_team_run(fc_phase, &f);
    return CAPS_OK;
}
