package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaBenchJsonTest {
  private static OpStats ops(String name, int count) {
    return new OpStats(name, 1_000_000_000L, new long[count]);
  }

  @Test
  void jsonHasTheNoopFloorAndEachOperationsShareOfIt() {
    Map<String, OpStats> result = new LinkedHashMap<>();
    result.put(MetaBenchmark.NOOP, ops(MetaBenchmark.NOOP, 1000));
    result.put("getStatus", ops("getStatus", 600));
    result.put("create", ops("create", 150));

    String json = MetaBenchCommand.toJson(result, new BenchConditions(0.5, 2, Map.of(), Double.NaN, List.of()));

    assertThat(json).contains("\"noop\":{\"ops_per_s\":1000.000", "\"getStatus\":{\"ops_per_s\":600.000",
        "\"noop_ops_per_s\":1000.000", "\"getStatus_noop_ratio\":0.600", "\"create_noop_ratio\":0.150",
        "\"load_average\":0.500");
  }
}
