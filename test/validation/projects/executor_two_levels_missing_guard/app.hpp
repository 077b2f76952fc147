#pragma once
int start_app(int n);
int compute(int n);
