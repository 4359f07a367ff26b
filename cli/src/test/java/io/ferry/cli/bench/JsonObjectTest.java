package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
  @Test
  void stringsAreEscaped() {
    assertThat(new JsonObject().put("p", "a\"b\\c\nd\u0001").toString())
        .isEqualTo("{\"p\":\"a\\\"b\\\\c\\nd\\u0001\"}");
  }

  @Test
  void numbersBooleansAndNullsAreBare() {
    assertThat(new JsonObject().put("n", 3L).put("x", 1.5).put("b", false).put("z", null).toString())
        .isEqualTo("{\"n\":3,\"x\":1.500,\"b\":false,\"z\":null}");
  }

  @Test
  void nonFiniteDoublesAreNull() {
    assertThat(new JsonObject().put("x", Double.POSITIVE_INFINITY).toString()).isEqualTo("{\"x\":null}");
  }

  @Test
  void nestedObjectsAreWrittenAsObjects() {
    assertThat(new JsonObject().put("create", new JsonObject().put("ops_per_s", 2.0)).toString())
        .isEqualTo("{\"create\":{\"ops_per_s\":2.000}}");
  }

  @Test
  void nestedObjectsAndListsAreWrittenInPlace() {
    JsonObject inner = new JsonObject().put("path", "/a");

    assertThat(new JsonObject().put("failures", List.of(inner, inner)).put("one", inner).toString())
        .isEqualTo("{\"failures\":[{\"path\":\"/a\"},{\"path\":\"/a\"}],\"one\":{\"path\":\"/a\"}}");
  }
}
