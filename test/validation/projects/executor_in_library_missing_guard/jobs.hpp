#pragma once
int run_jobs();
