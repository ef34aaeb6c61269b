#!/usr/bin/perl
# Fails on SQL text built from values: a string literal with SQL in it that is joined (+, +=) with anything
# but other literals, std::to_string(...) (placeholder numbers), next(...) (the PostgreSQL "$n" helper),
# VM_* column macros, or `cond ? "a" : "b"` between literals; and any SQL in a format/printf call. Values
# must go through bound parameters (sqlite3_bind_*, PQexecPrepared).
#   sql_string_check.pl FILE...   prints each finding as FILE:LINE: TEXT, exits 1 when there is one.
use strict;
use warnings;

my $SQL = qr/\b(?:SELECT|INSERT|UPDATE|DELETE|WHERE|AND|VALUES|ORDER BY|LIMIT|FROM|SET|MATCH)\b/;
my $BAL = qr/(\((?:[^()]++|(?-1))*+\))/;  # balanced parentheses
my $findings = 0;

for my $file (@ARGV) {
  open(my $fh, '<', $file) or die "cannot read $file: $!";
  my $text = do { local $/; <$fh> };
  close $fh;
  # Keep line numbers while blanking comments and literals: literals become "S" (or "Q" when they hold SQL).
  my $clean = '';
  my $pos = 0;
  while ($text =~ m{\G(.*?)(//[^\n]*|/\*.*?\*/|R"(\w*)\((.*?)\)\3"|"((?:[^"\\\n]|\\.)*)"|'(?:[^'\\\n]|\\.)*')}gsc) {
    my ($before, $token, $rawBody, $body) = ($1, $2, $4, $5);
    $clean .= $before;
    my $newlines = ($token =~ tr/\n//);
    if ($token =~ m{^(//|/\*)}) {
      $clean .= "\n" x $newlines;
    } elsif ($token =~ /^'/) {
      $clean .= "'c'";
    } else {
      my $content = defined $rawBody ? $rawBody : $body;
      # A bare HTTP method ("DELETE") is not SQL.
      my $isSql = $content =~ $SQL && $content !~ /^(?:GET|POST|PUT|PATCH|DELETE|HEAD)$/;
      $clean .= ($isSql ? '"Q"' : '"S"') . ("\n" x $newlines);
    }
    $pos = pos($text);
  }
  $clean .= substr($text, $pos);

  # Statements: split on ';' and '{' '}', remembering the line each starts on.
  my $line = 1;
  for my $stmt (split /(?<=[;{}])/, $clean) {
    my ($lead) = $stmt =~ /^(\s*)/;
    my $startLine = $line + ($lead =~ tr/\n//);
    $line += ($stmt =~ tr/\n//);
    next unless $stmt =~ /"Q"/;
    my $s = $stmt;
    $s =~ s/std::to_string\s*$BAL/"S"/g;
    $s =~ s/\bnext\s*$BAL/"S"/g;
    $s =~ s/\bVM_\w+/"S"/g;
    $s =~ s/"[SQ]"(?:\s*"[SQ]")+/"Q"/g;                          # adjacent literals are one literal
    $s =~ s/[\w.\->()!]+\s*\?\s*"[SQ]"\s*:\s*"[SQ]"/"Q"/g;         # cond ? "a" : "b"
    my $bad = 0;
    $bad = 1 if $s =~ /(?:format|printf)\s*\(/;  # also snprintf, sqlite3_mprintf, fmt::format
    # Every binary + (and the right side of +=) must join literals only.
    while ($s =~ /(\S)\s*\+(?!\+)(=?)\s*(\S)/g) {
      my ($left, $assign, $right) = ($1, $2, $3);
      next if $left eq '+' || $right eq '+';
      $bad = 1 if $right ne '"';
      $bad = 1 if !$assign && $left ne '"';
    }
    if ($bad) {
      (my $show = $stmt) =~ s/\s+/ /g;
      $show =~ s/^\s+//;
      print "$file:$startLine: string-built SQL: $show\n";
      $findings++;
    }
  }
}
exit($findings ? 1 : 0);
