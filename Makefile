# costshare — PGXS build. The version comes from META.json (one place); costshare.control is generated.

EXTENSION    = costshare
EXTVERSION   = $(shell sed -n 's/^   "version": "\([0-9]*\.[0-9]*\)\.[0-9]*",$$/\1/p' META.json)
MODULE_big   = costshare
ENGINE_SRCS  = $(sort $(wildcard src/engine/*.c))
GLUE_SRCS    = $(sort $(wildcard src/glue/*.c))
OBJS         = $(ENGINE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)
DATA         = $(sort $(wildcard costshare--*.sql))
DOCS         = README.md
EXTRA_CLEAN  = costshare.control test/unit/test_engine test/unit/test_engine_san results regression.diffs regression.out

REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=btree_gist --load-extension=costshare

PG_CONFIG   ?= pg_config
PG_CPPFLAGS += -Isrc/engine $(ICU_CFLAGS)
PG_CFLAGS   += -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -ffp-contract=off
SHLIB_LINK  += $(ICU_LIBS)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# `make CC=clang`: drop the gcc-only flags pg_config reports for the server's own (gcc) build, and
# accept the headers' gnu_printf attributes (PostgreSQL's own clang bitcode build does the same)
ifneq (,$(findstring clang,$(CC)))
override CFLAGS := $(filter-out -fexcess-precision=standard -Wno-format-truncation -Wno-stringop-truncation -Wimplicit-fallthrough=3 -Wcast-function-type,$(CFLAGS)) -Wimplicit-fallthrough -Wno-ignored-attributes
endif

all: costshare.control

costshare.control: costshare.control.in META.json
	sed 's/@EXTVERSION@/$(EXTVERSION)/' $< > $@

# ---- engine unit tests: plain C, no server --------------------------------------------------------
ENGINE_CFLAGS = -std=c11 -O2 -g -Wall -Wextra -Werror -ffp-contract=off -Isrc/engine
UNIT_SRCS     = $(sort $(wildcard test/unit/*.c))

test/unit/test_engine: $(ENGINE_SRCS) $(UNIT_SRCS) $(wildcard src/engine/*.h) $(wildcard test/unit/*.h)
	$(CC) $(ENGINE_CFLAGS) -o $@ $(ENGINE_SRCS) $(UNIT_SRCS)

test/unit/test_engine_san: $(ENGINE_SRCS) $(UNIT_SRCS) $(wildcard src/engine/*.h) $(wildcard test/unit/*.h)
	clang $(ENGINE_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ $(ENGINE_SRCS) $(UNIT_SRCS)

unittest: test/unit/test_engine
	prove -v test/unit/test_engine :: 

unittest-san: test/unit/test_engine_san
	prove test/unit/test_engine_san ::

# ---- the two README commands ----------------------------------------------------------------------
demo:
	scripts/demo.sh

test:
	scripts/test.sh

# benchmarks (not tests): test/bench/README.md
bench: all
	$(MAKE) -s install DESTDIR=$(CURDIR)/build/destdir
	bash test/bench/run.sh

.PHONY: unittest unittest-san demo test bench
