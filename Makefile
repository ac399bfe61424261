# Build, test and demo the file server with a JDK 17, make, and Maven (only to fetch JUnit).
# `make help` lists the targets.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

JAVAC_FLAGS := --release 17 -encoding UTF-8 -Xlint:all -Werror -XDstringConcat=inline

# $(call maven_jar,GROUP,ARTIFACT,VERSION,SHA256) is the path lib/ARTIFACT-VERSION.jar, and
# defines the rule that fetches that jar from Maven Central and deletes it again unless it
# has the pinned SHA-256.
define maven_jar_rule
lib/$2-$3.jar:
	mvn -B -q dependency:copy -Dartifact=$1:$2:$3 -DoutputDirectory=lib
	@if ! echo '$(strip $4)  $$@' | sha256sum --check --status; then \
	    echo 'error: $$@ does not have the pinned SHA-256 $(strip $4); deleted it' >&2; \
	    rm -f $$@; exit 1; \
	fi
endef
maven_jar = $(eval $(call maven_jar_rule,$1,$2,$3,$4))lib/$2-$3.jar

JUNIT_VERSION := 6.1.3
JUNIT_SHA256 := e62b96ac475dbcde8599ea905d088f65d90778f86e259b856a49fa5c4ea256ec
JUNIT_JAR := $(call maven_jar,org.junit.platform,junit-platform-console-standalone,$(JUNIT_VERSION),$(JUNIT_SHA256))

CLASSES := build/classes
TEST_CLASSES := build/test-classes
CLASSES_STAMP := build/classes.stamp
TEST_CLASSES_STAMP := build/test-classes.stamp
JAR := build/fileserver.jar
CDS_ARCHIVE := build/client.jsa
# The client's JVM flags, from the one place the scripts take them too.
CLIENT_JAVA_FLAGS := $(shell bash -c '. tools/common.sh && echo "$$CLIENT_DEFAULT_JAVA_OPTS"')

# Directories are prerequisites too: adding or deleting a file changes their time.
SOURCES := $(shell find src -name '*.java')
SOURCE_DIRS := $(shell find src -type d)
TEST_SOURCES := $(shell find test/java -name '*.java')
TEST_RESOURCES := $(shell find test/resources -type f 2>/dev/null)
TEST_DIRS := $(shell find test/java test/resources -type d 2>/dev/null)

.PHONY: all unit e2e test demo bio clean help

all: $(CLASSES_STAMP) $(CDS_ARCHIVE) ## Compile src/ into build/classes, and the client's jar and CDS archive (the default)

unit: $(TEST_CLASSES_STAMP) ## Run the JUnit tests
	java '-Dproject.root=$(CURDIR)' -jar $(JUNIT_JAR) execute \
	    --class-path $(CLASSES):$(TEST_CLASSES) --scan-class-path \
	    --fail-if-no-tests --disable-banner --details=summary

e2e: all ## Run the end-to-end test of the scripts against a real server
	test/e2e.sh

# Not `test: unit e2e`: under make -j the two would run at once and compete for the CPU.
test: unit ## Run the JUnit tests, then the end-to-end test
	test/e2e.sh
	test/kill_resume.sh

demo: all ## Serve bio.txt, download it with 50 clients at once, compare every copy
	tools/demo.sh

bio: all ## Regenerate bio.txt (it is committed; a JUnit test checks it matches)
	java -cp $(CLASSES) fileserver.tools.BioGenerator bio.txt

.PHONY: bench
# Wants an otherwise idle machine and takes 5 to 7 minutes (BENCH_ARGS=--quick: about 2);
# `make test` does not depend on it.
bench: all ## Run the benchmarks in bench/ (bench/all.sh): figures, each goal beside its target, CSV in bench/results/
	bench/all.sh $(BENCH_ARGS)

.PHONY: report
# Needs the Debian packages README.md lists (tools/report.sh names any that are missing);
# `make test` does not depend on it.
report: ## Regenerate screenshots/, report/figures/ and REPORT.pdf from real runs
	tools/report.sh

clean: ## Stop a background server, remove build output, received files, pid and log (keeps lib/)
	if [ -f server.pid ]; then ./run_server.sh --stop; fi
	rm -rf build received server.pid server.log

help: ## List the targets
	@awk -F ':.*## ' '/^[a-z0-9-]+:.*## / { printf "  %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# Compile into a new directory and swap it in: classes of deleted sources don't linger,
# and a failed compile leaves the last good build in place.
$(CLASSES_STAMP): $(SOURCES) $(SOURCE_DIRS) Makefile
	rm -rf $(CLASSES).new
	mkdir -p $(CLASSES).new
	@echo 'javac $(words $(SOURCES)) sources -> $(CLASSES)'
	@javac $(JAVAC_FLAGS) -d $(CLASSES).new $(SOURCES)
	rm -rf $(CLASSES)
	mv $(CLASSES).new $(CLASSES)
	touch $@

$(JAR): $(CLASSES_STAMP)
	jar --create --file $@ -C $(CLASSES) .

# A class-data-sharing archive of what a client loads, recorded during one real download
# (fileserver.tools.ClientTraining); run_clients.sh uses it to start 50 JVMs faster. The
# class path is recorded as an absolute path, so the archive is built with the real one.
# Only an optimisation: if the JVM cannot make it, the clients run without it.
$(CDS_ARCHIVE): $(JAR)
	rm -f $@
	java -XX:ArchiveClassesAtExit=$@ $(CLIENT_JAVA_FLAGS) -Xlog:cds=off -Xlog:cds+dynamic=off \
	    -cp $(realpath $(JAR)) fileserver.tools.ClientTraining || rm -f $@

$(TEST_CLASSES_STAMP): $(TEST_SOURCES) $(TEST_RESOURCES) $(TEST_DIRS) $(CLASSES_STAMP) $(JUNIT_JAR)
	rm -rf $(TEST_CLASSES)
	mkdir -p $(TEST_CLASSES)
	@echo 'javac $(words $(TEST_SOURCES)) test sources -> $(TEST_CLASSES)'
	@javac $(JAVAC_FLAGS) -cp $(CLASSES):$(JUNIT_JAR) -d $(TEST_CLASSES) $(TEST_SOURCES)
	if [ -d test/resources ]; then cp -R test/resources/. $(TEST_CLASSES)/; fi
	touch $@
