/**
 * @file caps_length_s8.c
 * @brief caps_length_s8 for PULP cores: capsules split among the cluster's cores in contiguous chunks, each
 *        capsule's sum of squares on 4-way int8 dot products of the capsule with itself (int32 over chunks of
 *        CAPS_PULP_DOT_CHUNK elements, exact), then the reference's exact square root and rounding
 *        (caps_ref_length_from_n2): bit-exact with ref/Capsule/caps_length_s8.c.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_capsule.h"
#include "../internal/pulp_cluster.h"
#include "../internal/pulp_dot.h"

typedef struct {
    const caps_length_s8_params_t *p;
    const int8_t *input;
    int8_t *output;
} length_t;

static void length_phase(void *arg, int32_t core, int32_t cores) {
    const length_t *c = (const length_t *)arg;
    const int32_t dim = c->p->dim;
    int32_t lo, hi;
    caps_pulp_chunk(c->p->count, core, cores, &lo, &hi);
    for (int32_t i = lo; i < hi; ++i) {
        const int8_t *x = c->input + (int64_t)i * dim;
        uint64_t n2 = 0;
        for (int32_t t0 = 0; t0 < dim; t0 += CAPS_PULP_DOT_CHUNK) {
            const int32_t t1 = dim - t0 < CAPS_PULP_DOT_CHUNK ? dim : t0 + CAPS_PULP_DOT_CHUNK;
            int32_t s = 0, t = t0;
            for (; t + 4 <= t1; t += 4) {
                const uint32_t v = caps_pulp_load4(x + t);
                s = caps_pulp_sdotsp4(v, v, s);
            }
            for (; t < t1; ++t)
                s += x[t] * x[t];
            n2 += (uint64_t)s; /* s >= 0, at most 65536 * 2^14 */
        }
        c->output[i] = caps_ref_length_from_n2(c->p, n2);
    }
}

caps_status_t caps_length_s8(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_length_s8(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    length_t c = {params, input, output};
    caps_pulp_team_run(length_phase, &c);
    return CAPS_OK;
}
