-- Revert warehouse:reporting_db
DROP DATABASE IF EXISTS :"reporting_db";
