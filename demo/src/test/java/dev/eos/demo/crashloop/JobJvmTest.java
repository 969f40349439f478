package dev.eos.demo.crashloop;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobJvmTest {

    @Test
    void theSparkFlagsAreTheParentPomsAsTheBuildWroteThem() {
        assertThat(JobJvm.sparkFlags())
                .startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED")
                .noneMatch(flag -> flag.contains("${"));
    }

    @Test
    void theDefaultsRunTheRealJobWithTheSparkFlags() {
        JobJvm jvm = JobJvm.defaults();

        assertThat(jvm.mainClass()).isEqualTo("dev.eos.runtime.Main");
        assertThat(jvm.flags()).isEqualTo(JobJvm.sparkFlags());
        assertThat(jvm.heap()).isEqualTo("1g");
        assertThat(jvm.classpath()).isEqualTo(System.getProperty("java.class.path"));
    }

    @Test
    void eachChangeKeepsTheOtherSettings() {
        JobJvm jvm = JobJvm.defaults().withHeap("64m").withOption("-Da=1").withOption("-Db=2").withFlags(List.of());

        assertThat(jvm.heap()).isEqualTo("64m");
        assertThat(jvm.options()).containsExactly("-Da=1", "-Db=2");
        assertThat(jvm.flags()).isEmpty();
        assertThat(jvm.mainClass()).isEqualTo("dev.eos.runtime.Main");
    }
}
