package io.hashslot.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of the design, checked on the compiled classes of every module on this classpath.
 *
 * <ul>
 *   <li>common: JDK only; protocol, store and cluster: common + JDK; commands: store, protocol, common + JDK;
 *       scripting: commands, protocol, common + JDK, luajava; tools: protocol, common + JDK, picocli, JLine;
 *       server: anything.</li>
 *   <li>Nothing depends on server except the launchers and harnesses (embedded, dist, testkit).</li>
 *   <li>Node logic (common, protocol, store, cluster, commands, scripting) opens no sockets (java.net), uses no Netty,
 *       creates no threads or executors, reads no wall clock and uses no unseeded randomness: time comes from the
 *       injected {@code io.hashslot.common.Clock}, randomness from a seeded source handed in by the server.</li>
 * </ul>
 *
 * Decisions: {@code System.nanoTime()} is allowed everywhere (the briefing allows it for measuring durations;
 * ArchUnit cannot tell measuring from other uses, so misuse is a review matter). Seeded {@code new Random(long)}
 * and {@code new SplittableRandom(long)} are allowed; the no-argument constructors are not.
 * {@code io.hashslot.common.SystemClock} is the one class allowed to read the wall clock: it is the production
 * implementation of the injected Clock, and reading the system clock is its whole purpose.
 */
class ArchitectureTest {
    private static final String COMMON = "io.hashslot.common..";
    private static final String PROTOCOL = "io.hashslot.protocol..";
    private static final String STORE = "io.hashslot.store..";
    private static final String COMMANDS = "io.hashslot.commands..";
    private static final String CLUSTER = "io.hashslot.cluster..";
    private static final String SERVER = "io.hashslot.server..";
    private static final String SCRIPTING = "io.hashslot.scripting..";
    private static final String TOOLS = "io.hashslot.tools..";
    private static final String EMBEDDED = "io.hashslot.embedded..";
    private static final String DIST = "io.hashslot.dist..";
    private static final String TESTKIT = "io.hashslot.testkit..";
    private static final String JDK = "java..";
    /** The modules that hold node logic and must stay free of I/O, threads, wall clock and unseeded randomness. */
    private static final String[] PURE = {COMMON, PROTOCOL, STORE, CLUSTER, COMMANDS, SCRIPTING};
    /** The production Clock; the only class of the pure modules that reads the wall clock. */
    private static final String SYSTEM_CLOCK = "io.hashslot.common.SystemClock";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hashslot");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : Set.of("io.hashslot.common", "io.hashslot.protocol", "io.hashslot.store",
            "io.hashslot.commands", "io.hashslot.cluster", "io.hashslot.scripting", "io.hashslot.server",
            "io.hashslot.tools", "io.hashslot.testkit")) {
            boolean found = classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg));
            if (!found) {
                throw new AssertionError("no class of " + pkg + " was imported; the rules below would be vacuous");
            }
        }
    }

    @Test
    void commonDependsOnTheJdkOnly() {
        onlyDependOn(COMMON, COMMON, JDK).check(classes);
    }

    @Test
    void protocolDependsOnCommonOnly() {
        onlyDependOn(PROTOCOL, PROTOCOL, COMMON, JDK).check(classes);
    }

    @Test
    void storeDependsOnCommonOnly() {
        onlyDependOn(STORE, STORE, COMMON, JDK).check(classes);
    }

    @Test
    void clusterDependsOnCommonOnly() {
        onlyDependOn(CLUSTER, CLUSTER, COMMON, JDK).check(classes);
    }

    @Test
    void commandsDependOnStoreProtocolCommon() {
        onlyDependOn(COMMANDS, COMMANDS, STORE, PROTOCOL, COMMON, JDK).check(classes);
    }

    @Test
    void scriptingDependsOnCommandsAndLuajava() {
        onlyDependOn(SCRIPTING, SCRIPTING, COMMANDS, PROTOCOL, COMMON, JDK, "party.iroiro.luajava..").check(classes);
    }

    @Test
    void toolsDependOnProtocolCommonPicocliJline() {
        onlyDependOn(TOOLS, TOOLS, PROTOCOL, COMMON, JDK, "picocli..", "org.jline..").check(classes);
    }

    @Test
    void onlyLaunchersAndHarnessesDependOnServer() {
        noClasses().that().resideOutsideOfPackages(SERVER, EMBEDDED, DIST, TESTKIT)
            .should().dependOnClassesThat().resideInAPackage(SERVER)
            .because("the server module is the top of the graph: only launchers and test harnesses use it")
            .check(classes);
    }

    @Test
    void nodeLogicOpensNoSockets() {
        noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "io.netty..")
            .because("networking lives in server (and tools/testkit); node logic talks through Client/Reply")
            .check(classes);
    }

    @Test
    void nodeLogicCreatesNoThreads() {
        noClasses().that().resideInAnyPackage(PURE)
            .should().callConstructorWhere(constructorOfSubclassOf(Thread.class))
            .orShould().callMethodWhere(target("java.util.concurrent.Executors", null))
            .orShould().callConstructorWhere(constructorOfSubclassOf(java.util.concurrent.ExecutorService.class))
            .orShould().callConstructorWhere(constructorOfSubclassOf(java.util.Timer.class))
            .orShould().callMethodWhere(asyncCompletableFuture())
            .because("the node has one execution thread, owned by the server")
            .check(classes);
    }

    @Test
    void nodeLogicReadsNoWallClock() {
        noClasses().that().resideInAnyPackage(PURE).and().doNotHaveFullyQualifiedName(SYSTEM_CLOCK)
            .should().callMethodWhere(target("java.lang.System", "currentTimeMillis"))
            .orShould().callMethodWhere(wallClockNow())
            .orShould().callMethodWhere(target("java.time.Clock", null))
            .orShould().callConstructorWhere(noArgConstructorOf("java.util.Date"))
            .because("time comes from the injected io.hashslot.common.Clock (server.clock())")
            .check(classes);
    }

    @Test
    void nodeLogicUsesNoUnseededRandomness() {
        noClasses().that().resideInAnyPackage(PURE)
            .should().callConstructorWhere(noArgConstructorOf("java.util.Random"))
            .orShould().callConstructorWhere(noArgConstructorOf("java.util.SplittableRandom"))
            .orShould().callConstructorWhere(constructorOfSubclassOf(java.security.SecureRandom.class))
            .orShould().callMethodWhere(target("java.util.concurrent.ThreadLocalRandom", "current"))
            .orShould().callMethodWhere(target("java.lang.Math", "random"))
            .orShould().callMethodWhere(target("java.lang.StrictMath", "random"))
            .orShould().callMethodWhere(target("java.util.UUID", "randomUUID"))
            .because("randomness comes from the node's seeded source (server.random()) so runs can be replayed")
            .check(classes);
    }

    private static ArchRule onlyDependOn(String module, String... allowed) {
        return ArchRuleDefinition.classes().that().resideInAPackage(module)
            .should().onlyDependOnClassesThat(resideInAnyPackage(allowed).or(primitiveOrArray()))
            .because(module + " may only use " + String.join(", ", allowed));
    }

    private static DescribedPredicate<JavaClass> primitiveOrArray() {
        return describe("primitive or array types", c -> c.isPrimitive() || c.isArray());
    }

    /** A call to a method (any method when {@code name} is null) declared by {@code owner}. */
    private static DescribedPredicate<JavaCall<?>> target(String owner, String name) {
        return describe("call to " + owner + (name == null ? ".*" : "." + name),
            call -> call.getTargetOwner().getName().equals(owner)
                && (name == null || call.getName().equals(name)));
    }

    /** {@code now()} of any java.time type (Instant, LocalDateTime, ZonedDateTime, ...). */
    private static DescribedPredicate<JavaCall<?>> wallClockNow() {
        return describe("call to java.time.*.now()",
            call -> call.getTargetOwner().getPackageName().equals("java.time") && call.getName().equals("now"));
    }

    private static DescribedPredicate<JavaCall<?>> asyncCompletableFuture() {
        return describe("call to CompletableFuture.*Async",
            call -> call.getTargetOwner().getName().equals("java.util.concurrent.CompletableFuture")
                && call.getName().endsWith("Async"));
    }

    private static DescribedPredicate<? super com.tngtech.archunit.core.domain.JavaConstructorCall>
        constructorOfSubclassOf(Class<?> type) {
        return describe("constructor of " + type.getName() + " or a subtype",
            (JavaAccess<?> call) -> call.getTargetOwner().isAssignableTo(type));
    }

    private static DescribedPredicate<? super com.tngtech.archunit.core.domain.JavaConstructorCall>
        noArgConstructorOf(String type) {
        return describe("no-argument constructor of " + type,
            (com.tngtech.archunit.core.domain.JavaConstructorCall call) ->
                call.getTargetOwner().getName().equals(type) && call.getTarget().getRawParameterTypes().isEmpty());
    }
}
