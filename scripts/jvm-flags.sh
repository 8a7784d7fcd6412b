# Sourced by ./trader and bench/run.sh: the JVM flags every JVM running our code needs.
# Agrona 2 / SBE need jdk.internal.misc; Chronicle Queue needs the rest (BUILD-NOTES). JDK 24+ also needs the
# native-access flags, which JDK 17 refuses. Kept equal to the root pom's trader.jvm.base.flags and
# dev.trader.bench.JvmFlags by bench's JvmFlagsConsistencyTest.
# Usage: trader_jvm_flags /path/to/java   -> sets the array TRADER_JVM_FLAGS
trader_jvm_flags() {
  local java="$1"
  local major
  major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
  TRADER_JVM_FLAGS=(
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true
    -Dchronicle.announcer.disable=true
  )
  if [ "${major:-17}" -ge 24 ]; then
    TRADER_JVM_FLAGS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  fi
}
