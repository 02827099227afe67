/* Measures a file with Debian's libebur128 (integrated, LRA, true peak): the peer that
 * Scripts/bench-analyze.sh times beside `dubplate analyze`. Not part of Dubplate. */
#include <ebur128.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: ebur128-measure FILE\n"); return 64; }
  SF_INFO info = {0};
  SNDFILE *file = sf_open(argv[1], SFM_READ, &info);
  if (!file) { fprintf(stderr, "%s\n", sf_strerror(NULL)); return 1; }
  ebur128_state *state = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate,
                                      EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
  const sf_count_t block = 32768;
  float *samples = malloc(sizeof(float) * (size_t)(block * info.channels));
  sf_count_t got;
  while ((got = sf_readf_float(file, samples, block)) > 0) ebur128_add_frames_float(state, samples, (size_t)got);
  double integrated, range, peak, maximum = 0;
  ebur128_loudness_global(state, &integrated);
  ebur128_loudness_range(state, &range);
  for (int c = 0; c < info.channels; c++) {
    ebur128_true_peak(state, (unsigned)c, &peak);
    if (peak > maximum) maximum = peak;
  }
  printf("integrated %.2f LUFS, range %.2f LU, true peak %.2f dBTP\n", integrated, range, 20 * log10(maximum));
  free(samples);
  ebur128_destroy(&state);
  sf_close(file);
  return 0;
}
